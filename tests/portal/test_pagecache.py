"""Cached pages and fragments: served again while nothing changed, never to the wrong person,
and never after a change."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import actions as document_actions
from members.models import Organisation
from portal.lib.pagecache import bump_content_version
from portal.lib.sessions import SessionStore
from practices import actions as practice_actions
from suppliers.actions import hide_review, update_supplier
from suppliers.models import HelpfulVote, Supplier
from tests.documents.factories import make_document
from tests.factories import MembershipFactory, OrganisationFactory, RoleFactory, UserFactory
from tests.practices.factories import PracticeFactory
from tests.suppliers.factories import ReviewFactory, SupplierFactory, review_data


def _without_token(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def review_form():
    return {name: str(value) for name, value in review_data().items()}


pytestmark = pytest.mark.django_db

SUPPLIERS = reverse("suppliers:supplier-list")
PRACTICES = reverse("practices:practice-list")
DIRECTORY = reverse("members:organisation-list")


def test_a_visitor_is_served_the_stored_page_until_something_changes(client, staff):
    supplier = SupplierFactory(name="Libreria del Borgo")
    first = client.get(SUPPLIERS)
    assert "X-Page-Cache" not in first
    again = client.get(SUPPLIERS)
    assert again["X-Page-Cache"] == "hit"
    assert _without_token(again.text) == _without_token(first.text)

    update_supplier(supplier=supplier, data={"name": "Libreria del Castello"}, by=staff)

    changed = Client().get(SUPPLIERS)
    assert "X-Page-Cache" not in changed
    assert "Libreria del Castello" in changed.text
    assert "Libreria del Borgo" not in changed.text


def test_a_review_sent_through_its_form_shows_in_the_list_at_once(client):
    """The rating summary is written with update(), which sends no signal: the list shows the
    new count all the same."""
    supplier = SupplierFactory(name="Cooperativa Aurora")
    before = client.get(SUPPLIERS).text
    assert "1 recensione" not in before
    reviewer = UserFactory()
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    response = reviewer_client.post(
        reverse("suppliers:review-create", args=[supplier.slug]), review_form()
    )
    assert response.status_code == 302

    after = client.get(SUPPLIERS).text
    assert after != before
    assert "1 recensione" in after


def test_a_cached_page_carries_a_working_csrf_token_for_each_visitor():
    SupplierFactory()
    Client().get(reverse("portal:home"))  # stored
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(reverse("portal:home"))
    assert page["X-Page-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    response = visitor.post(
        reverse("set_language"),
        {"language": "en", "next": "/", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_a_logged_in_person_never_gets_a_visitors_page(client, official_referent):
    client.get(reverse("portal:home"))
    client.get(reverse("portal:home"))
    member = Client()
    member.force_login(official_referent)
    page = member.get(reverse("portal:home"))
    assert "X-Page-Cache" not in page
    assert "Marco" in page.text
    assert "Vai al tuo profilo" in page.text
    assert reverse("account_signup") not in page.text


def test_a_visitor_never_gets_what_a_logged_in_person_saw(client, official_referent):
    member = Client()
    member.force_login(official_referent)
    member.get(reverse("portal:home"))
    page = client.get(reverse("portal:home"))
    assert reverse("account_signup") in page.text
    assert "Vai al tuo profilo" not in page.text
    assert "Marco" not in page.text


def test_the_directory_fragment_of_a_pending_system_is_not_shown_to_a_visitor(client):
    pending = OrganisationFactory(
        name="Sistema in attesa di Brugherio", status=Organisation.Status.PENDING
    )
    referent = RoleFactory(organisation=pending).user
    address = f"{DIRECTORY}?system={pending.slug}"
    member = Client()
    member.force_login(referent)
    assert "Sistema in attesa di Brugherio" in member.get(address).text

    assert "Sistema in attesa di Brugherio" not in client.get(address).text


def test_a_member_sees_a_newly_published_practice_on_the_next_request(staff):
    referent = RoleFactory().user
    member = Client()
    member.force_login(referent)
    PracticeFactory(title="Leggere insieme in valle")
    assert "Leggere insieme in valle" in member.get(PRACTICES).text
    draft = PracticeFactory(title="Biblioteca aperta di sera", submitted=True)
    assert "Biblioteca aperta di sera" not in member.get(PRACTICES).text

    practice_actions.publish_practice(practice=draft, by=staff)

    assert "Biblioteca aperta di sera" in member.get(PRACTICES).text


def test_a_stored_visitor_page_costs_no_query_and_a_members_list_few(client):
    SupplierFactory.create_batch(3)
    client.get(SUPPLIERS)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SUPPLIERS)["X-Page-Cache"] == "hit"
    assert len(queries) == 0  # the tests' content version lives in memory

    member = Client()
    member.force_login(RoleFactory().user)
    member.get(PRACTICES)
    with CaptureQueriesContext(connection) as queries:
        member.get(PRACTICES)
    # The session, the person and whether they may propose a practice are kept under the
    # content version, and the list is a stored fragment.
    assert len(queries) == 0


# A logged-in person: session, person and tier read through the cache -----------------------


def test_a_logged_in_request_reads_its_session_and_person_from_the_cache(official_referent):
    member = Client()
    member.force_login(official_referent)
    assert "Marco" in member.get(PRACTICES).text
    with CaptureQueriesContext(connection) as queries:
        page = member.get(PRACTICES)
    assert "Marco" in page.text
    tables = " ".join(query["sql"] for query in queries)
    assert "django_session" not in tables
    assert "members_user" not in tables


def test_a_logout_ends_the_session_in_every_process_that_kept_it(official_referent):
    member = Client()
    member.force_login(official_referent)
    profile = reverse("portal:profile")
    assert member.get(profile).status_code == 200  # the session is now kept in the cache
    # Another server process logs the person out: its own cache, not this one, forgets the
    # session, the database row goes, and the form sent replaces the content version.
    Session.objects.all().delete()
    bump_content_version()

    assert member.get(profile).status_code == 302


def test_a_session_written_by_another_process_is_read_fresh_here(official_referent):
    member = Client()
    member.force_login(official_referent)
    profile = reverse("portal:profile")
    assert member.get(profile).status_code == 200  # the session is now kept in this memory
    # Another server process, with a memory of its own, takes the login out of the session
    # without a form sent (no content version replaced by the request itself).
    elsewhere = SessionStore(member.session.session_key)
    elsewhere._cache = LocMemCache("another-process", {})
    elsewhere.pop("_auth_user_id")
    elsewhere.save()

    assert member.get(profile).status_code == 302


def test_a_logout_form_logs_out_at_once(official_referent):
    member = Client()
    member.force_login(official_referent)
    assert member.get(reverse("portal:profile")).status_code == 200
    member.post(reverse("account_logout"))
    assert member.get(reverse("portal:profile")).status_code == 302


def test_a_deactivated_account_is_logged_out_on_the_next_request(official_referent):
    member = Client()
    member.force_login(official_referent)
    assert member.get(reverse("portal:profile")).status_code == 200
    official_referent.is_active = False
    official_referent.save()

    assert member.get(reverse("portal:profile")).status_code == 302


def test_a_new_membership_opens_member_content_on_the_next_request(other_referent, staff):
    member = Client()
    member.force_login(other_referent)
    profile = reverse("portal:profile")
    assert "Profilo base" in member.get(profile).text
    MembershipFactory(organisation=other_referent.roles.get().organisation)

    assert "Aderente ufficiale" in member.get(profile).text


# Fragments shared by members, and what stays each person's own ------------------------------


def test_a_supplier_page_shows_each_member_their_own_review_and_votes_only():
    supplier = SupplierFactory(name="Cooperativa Aurora")
    author, other = UserFactory(), UserFactory()
    own = ReviewFactory(supplier=supplier, author=author, text="Ottimo laboratorio di lettura.")
    HelpfulVote.objects.create(review=own, user=other)
    author_client, other_client = Client(), Client()
    author_client.force_login(author)
    other_client.force_login(other)
    edit = reverse("suppliers:review-edit", args=[own.pk])

    author_page = author_client.get(supplier.get_absolute_url()).text
    other_page = other_client.get(supplier.get_absolute_url()).text

    assert "Ottimo laboratorio di lettura." in author_page
    assert "Ottimo laboratorio di lettura." in other_page
    assert edit in author_page
    assert edit not in other_page
    assert "L\u2019hai trovata utile" in other_page
    assert "L\u2019hai trovata utile" not in author_page


def test_a_review_hidden_by_the_staff_shows_to_its_author_alone(staff):
    supplier = SupplierFactory()
    author = UserFactory()
    hidden = ReviewFactory(supplier=supplier, author=author, text="Testo nascosto dallo staff.")
    member = Client()
    member.force_login(UserFactory())
    assert "Testo nascosto dallo staff." in member.get(supplier.get_absolute_url()).text
    hide_review(review=hidden, by=staff, reason="Offensiva")

    assert "Testo nascosto dallo staff." not in member.get(supplier.get_absolute_url()).text
    author_client = Client()
    author_client.force_login(author)
    assert "Testo nascosto dallo staff." in author_client.get(supplier.get_absolute_url()).text


def test_the_global_search_shows_a_proposed_supplier_to_its_proposer_alone():
    proposer = UserFactory()
    SupplierFactory(name="Libreria Borgo Antico", status=Supplier.Status.PUBLISHED)
    SupplierFactory(
        name="Libreria Borgo Nuovo", status=Supplier.Status.PROPOSED, proposed_by=proposer
    )
    address = f"{reverse('portal:search')}?q=Libreria+Borgo"
    member = Client()
    member.force_login(UserFactory())
    proposer_client = Client()
    proposer_client.force_login(proposer)

    assert "Libreria Borgo Nuovo" not in member.get(address).text
    assert "Libreria Borgo Nuovo" in proposer_client.get(address).text
    assert "Libreria Borgo Nuovo" not in member.get(address).text
    assert "Libreria Borgo Antico" in member.get(address).text


def test_the_global_search_shows_a_change_on_the_next_request(staff):
    supplier = SupplierFactory(name="Libreria del Borgo")
    address = f"{reverse('portal:search')}?q=Castello"
    member = Client()
    member.force_login(UserFactory())
    assert "Libreria del Castello" not in member.get(address).text

    update_supplier(supplier=supplier, data={"name": "Libreria del Castello"}, by=staff)

    assert "Libreria del Castello" in member.get(address).text


def test_a_practice_page_offers_its_adoption_form_to_the_referents_of_other_organisations(
    official_referent,
):
    practice = PracticeFactory(title="Leggere insieme in valle")
    adopt = reverse("practices:practice-adopt", args=[practice.slug])
    referent = Client()
    referent.force_login(official_referent)
    member = Client()
    member.force_login(UserFactory())

    assert adopt in referent.get(practice.get_absolute_url()).text
    page = member.get(practice.get_absolute_url()).text
    assert "Leggere insieme in valle" in page
    assert adopt not in page


def test_a_lists_count_and_page_number_are_kept_per_scope_never_across_it(staff, official_referent):
    organisation = OrganisationFactory()
    for number in range(12):
        make_document(organisation, title=f"Convenzione {number}")
    hidden = make_document(organisation, title="Documento nascosto")
    document_actions.hide_document(document=hidden, by=staff, reason="Dati personali nel file")
    documents = reverse("documents:document-list")
    staff_client, member = Client(), Client()
    staff_client.force_login(staff)
    member.force_login(official_referent)  # logging in saves the person: both before the lists

    # Staff, who also see the hidden document, have two pages; their count is kept first.
    staffs_page = staff_client.get(documents, {"page": 9}).text
    assert "13 documenti" in staffs_page
    assert "(pagina 2)" in title(staffs_page)
    # The member's list at the same address has one page: a page past it shows the first.
    members_page = member.get(documents, {"page": 9}).text
    assert "12 documenti" in members_page
    assert "Documento nascosto" not in members_page
    assert "(pagina" not in title(members_page)


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)
