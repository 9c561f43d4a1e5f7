"""A system's referent links a library; the library's referents (or staff, when it has none)
confirm or decline; only confirmed links count on the system's page and in the directory.

UI strings are looked up through gettext, so the tests hold whether or not the Italian
translation of a string has landed yet.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from members.actions.organisations import (
    confirm_library_link,
    decline_library_link,
    link_library,
    unlink_library,
)
from members.models import LibraryLink, OrganisationKind
from tests.factories import LibraryLinkFactory, OrganisationFactory, RoleFactory, UserFactory
from tests.pages import assert_refused, run_admin_action

pytestmark = pytest.mark.django_db


def _t(msgid):
    return escape(gettext(msgid))


def _libraries_url(system, **params):
    url = reverse("members:organisation-libraries", args=[system.slug])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def _confirm_url(link):
    return reverse("members:library-link-confirm", args=[link.pk])


def _decline_url(link):
    return reverse("members:library-link-decline", args=[link.pk])


def _library(**kwargs):
    return OrganisationFactory(kind=OrganisationKind.LIBRARY, **kwargs)


@pytest.fixture
def system(official_referent):
    return official_referent.roles.get().organisation


@pytest.fixture
def library():
    return _library(name="Biblioteca di Arcore", isil_code="IT-MB0042")


@pytest.fixture
def librarian(library):
    """The approved referent of the library."""
    return RoleFactory(organisation=library, user__first_name="Federica").user


def _listed_on_system_page(client, system):
    return client.get(system.get_absolute_url()).context["libraries"]


# Asking ------------------------------------------------------------------------------------


def test_linking_a_library_asks_its_referent_and_counts_nothing_until_confirmed(
    client, system, official_referent, library, librarian, mailoutbox, committing
):
    client.force_login(official_referent)

    with committing():
        response = client.post(_libraries_url(system), {"isil": "IT-MB0042"}, follow=True)

    link = LibraryLink.objects.get(library=library, system=system)
    assert link.status == LibraryLink.Status.PENDING
    assert link.requested_by == official_referent
    html = response.content.decode()
    assert "Biblioteca di Arcore" in html
    assert _t("Awaiting the library's confirmation") in html
    [message] = mailoutbox
    assert message.to == [librarian.email]
    assert system.name in message.subject
    assert library.get_absolute_url() in message.body
    # The system's page, its count and the directory's list of its libraries leave it out.
    assert list(_listed_on_system_page(client, system)) == []
    directory = client.get(reverse("members:organisation-list"), {"system": system.slug})
    assert "Biblioteca di Arcore" not in directory.content.decode()


def test_a_library_without_referent_is_decided_by_staff_who_are_told(
    client, system, official_referent, library, staff, mailoutbox, committing
):
    client.force_login(official_referent)

    with committing():
        client.post(_libraries_url(system), {"isil": "IT-MB0042"})

    [message] = mailoutbox
    assert message.to == [staff.email]
    assert reverse("admin:members_librarylink_changelist") in message.body


def test_asking_twice_sends_one_e_mail(
    client, system, official_referent, library, librarian, mailoutbox, committing
):
    client.force_login(official_referent)

    with committing():
        client.post(_libraries_url(system), {"isil": "IT-MB0042"})
        response = client.post(_libraries_url(system), {"isil": "IT-MB0042"}, follow=True)

    assert len(mailoutbox) == 1
    already = gettext(
        "%(library)s has already been asked to confirm that it belongs to %(system)s."
    ) % {"library": library.name, "system": system.name}
    assert escape(already) in response.content.decode()


def test_a_pending_library_is_not_offered_again_by_the_search(client, system, official_referent):
    asked = _library(name="Biblioteca civica di Agrate")
    LibraryLinkFactory(library=asked, system=system, pending=True)
    declined = _library(name="Biblioteca ragazzi di Agrate")
    LibraryLinkFactory(library=declined, system=system, status=LibraryLink.Status.DECLINED)
    client.force_login(official_referent)

    response = client.get(_libraries_url(system, q="agrate"))

    assert [library.name for library in response.context["results"]] == [
        "Biblioteca ragazzi di Agrate"
    ]


def test_libraries_page_lists_pending_links_first_and_counts_confirmed_ones(
    client, system, official_referent
):
    LibraryLinkFactory(library=_library(name="Biblioteca A confermata"), system=system)
    LibraryLinkFactory(library=_library(name="Biblioteca B in attesa"), system=system, pending=True)
    LibraryLinkFactory(
        library=_library(name="Biblioteca C rifiutata"),
        system=system,
        status=LibraryLink.Status.DECLINED,
    )
    client.force_login(official_referent)

    response = client.get(_libraries_url(system))

    rows = [(link.library.name, link.get_status_display()) for link in response.context["page_obj"]]
    assert rows == [
        ("Biblioteca B in attesa", gettext("Awaiting the library's confirmation")),
        ("Biblioteca A confermata", gettext("Confirmed")),
        ("Biblioteca C rifiutata", gettext("Declined by the library")),
    ]
    html = response.content.decode()
    assert _t("Declined by the library") in html
    assert (response.context["confirmed_count"], response.context["pending_count"]) == (1, 1)


def test_system_referent_withdraws_a_pending_request(
    client, system, official_referent, library, librarian
):
    link = LibraryLinkFactory(library=library, system=system, pending=True)
    client.force_login(official_referent)

    client.post(
        reverse("members:organisation-library-remove", args=[system.slug]),
        {"library": library.pk},
    )

    assert not LibraryLink.objects.filter(pk=link.pk).exists()
    client.force_login(librarian)
    assert not client.get(library.get_absolute_url()).context["pending_links"]


# Deciding ----------------------------------------------------------------------------------


def test_library_referent_sees_the_request_on_its_page_and_confirms_it(
    client, system, official_referent, library, librarian, mailoutbox, committing
):
    link = LibraryLinkFactory(
        library=library, system=system, pending=True, requested_by=official_referent
    )
    client.force_login(librarian)
    page = client.get(library.get_absolute_url()).content.decode()
    assert _t("Systems asking to count this library") in page
    assert system.name in page
    assert f'action="{_confirm_url(link)}"' in page
    assert f'action="{_decline_url(link)}"' in page

    with committing():
        response = client.post(_confirm_url(link), follow=True)

    assert response.redirect_chain == [(library.get_absolute_url(), 302)]
    link.refresh_from_db()
    assert (link.status, link.decided_by) == (LibraryLink.Status.CONFIRMED, librarian)
    assert link.decided_at is not None
    html = response.content.decode()
    assert f'<a href="{system.get_absolute_url()}">{escape(system.name)}</a>' in html
    assert _t("Systems asking to count this library") not in html
    [message] = mailoutbox
    assert message.to == [official_referent.email]
    assert library.name in message.subject
    assert list(_listed_on_system_page(client, system)) == [library]


def test_library_referent_declines_and_the_system_is_told(
    client, system, official_referent, library, librarian, mailoutbox, committing
):
    link = LibraryLinkFactory(library=library, system=system, pending=True)

    client.force_login(librarian)
    with committing():
        client.post(_decline_url(link))

    link.refresh_from_db()
    assert link.status == LibraryLink.Status.DECLINED
    assert list(_listed_on_system_page(client, system)) == []
    library_page = client.get(library.get_absolute_url()).context
    assert list(library_page["systems"]) == []
    assert {tuple(message.to) for message in mailoutbox} >= {(official_referent.email,)}
    assert all("Biblioteca di Arcore" in message.subject for message in mailoutbox)


def test_asking_again_after_a_refusal_asks_anew(
    client, system, official_referent, library, librarian, mailoutbox, committing
):
    LibraryLinkFactory(library=library, system=system, status=LibraryLink.Status.DECLINED)
    client.force_login(official_referent)

    with committing():
        client.post(_libraries_url(system), {"library": library.pk})

    link = LibraryLink.objects.get(library=library, system=system)
    assert (link.status, link.decided_by, link.decided_at) == (
        LibraryLink.Status.PENDING,
        None,
        None,
    )
    assert [message.to for message in mailoutbox] == [[librarian.email]]


def test_system_referent_cannot_confirm_their_own_request(
    client, system, official_referent, library, librarian
):
    link = LibraryLinkFactory(library=library, system=system, pending=True)
    client.force_login(official_referent)

    response = client.post(_confirm_url(link))

    assert_refused(
        response,
        f"Solo i referenti di {library.name}",
        reverse("members:role-request", args=[library.slug]),
    )
    assert_refused(client.post(_decline_url(link)), f"Solo i referenti di {library.name}")
    link.refresh_from_db()
    assert link.status == LibraryLink.Status.PENDING


@pytest.mark.parametrize("person", ["base_user", "other_referent"])
def test_outsiders_get_404_on_a_link(client, request, system, library, person):
    link = LibraryLinkFactory(library=library, system=system, pending=True)
    client.force_login(request.getfixturevalue(person))

    assert client.post(_confirm_url(link)).status_code == 404
    assert client.post(_decline_url(link)).status_code == 404
    link.refresh_from_db()
    assert link.status == LibraryLink.Status.PENDING


def test_visitor_is_sent_to_log_in_before_deciding(visitor, system, library):
    link = LibraryLinkFactory(library=library, system=system, pending=True)

    response = visitor.post(_confirm_url(link))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_confirm_links_from_the_admin(
    staff_client, system, official_referent, library, mailoutbox, committing
):
    link = LibraryLinkFactory(
        library=library, system=system, pending=True, requested_by=official_referent
    )
    decided = LibraryLinkFactory(system=system)

    with committing():
        response = run_admin_action(staff_client, "confirm", [link, decided])

    link.refresh_from_db()
    assert link.status == LibraryLink.Status.CONFIRMED
    html = response.content.decode()
    assert escape(gettext("Links confirmed: %(count)d.") % {"count": 1}) in html
    assert f"{escape(decided)}: " in html
    assert [message.to for message in mailoutbox] == [[official_referent.email]]


def test_staff_decline_links_from_the_admin(staff_client, system, library):
    link = LibraryLinkFactory(library=library, system=system, pending=True)

    run_admin_action(staff_client, "decline", [link])

    link.refresh_from_db()
    assert link.status == LibraryLink.Status.DECLINED


def test_the_admin_lists_pending_links(staff_client, system, library):
    LibraryLinkFactory(library=library, system=system, pending=True)
    LibraryLinkFactory(library=_library(name="Biblioteca già confermata"), system=system)

    response = staff_client.get(
        reverse("admin:members_librarylink_changelist"), {"status__exact": "pending"}
    )

    html = response.content.decode()
    assert "Biblioteca di Arcore" in html
    assert "Biblioteca già confermata" not in html


# The actions' rules ------------------------------------------------------------------------


def test_someone_who_decides_for_the_library_links_it_at_once(
    staff, system, library, mailoutbox, committing
):
    both = RoleFactory(organisation=system).user
    RoleFactory(organisation=library, user=both)
    other_library = _library()

    with committing():
        link, changed = link_library(system=system, library=library, by=both)
        by_staff, _ = link_library(system=system, library=other_library, by=staff)

    assert changed
    assert (link.status, link.decided_by) == (LibraryLink.Status.CONFIRMED, both)
    assert by_staff.status == LibraryLink.Status.CONFIRMED
    assert mailoutbox == []


def test_only_the_systems_referents_link_and_only_the_librarys_decide(
    system, official_referent, other_referent, library, librarian, refused
):
    with refused("not_a_referent"):
        link_library(system=system, library=library, by=librarian)
    with refused("not_a_referent"):
        unlink_library(system=system, library=library, by=other_referent)
    link, _ = link_library(system=system, library=library, by=official_referent)
    with refused("not_a_library_referent"):
        confirm_library_link(link=link, by=official_referent)
    with refused("not_a_library_referent"):
        decline_library_link(link=link, by=other_referent)
    confirm_library_link(link=link, by=librarian)
    with refused("already_decided"):
        decline_library_link(link=link, by=librarian)
    assert unlink_library(system=system, library=library, by=official_referent) is True


def test_linking_past_the_limit_saves_nothing_and_sends_nothing(
    client, settings, system, official_referent, mailoutbox, committing
):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "library_links": "2/d"}
    libraries = [_library(name=f"Biblioteca {number}") for number in range(3)]
    RoleFactory(organisation=libraries[2])
    client.force_login(official_referent)

    with committing():
        for library in libraries[:2]:
            assert client.post(_libraries_url(system), {"library": library.pk}).status_code == 302
        sent = len(mailoutbox)
        response = client.post(_libraries_url(system), {"library": libraries[2].pk})

    assert response.status_code == 429
    assert not LibraryLink.objects.filter(library=libraries[2]).exists()
    assert len(mailoutbox) == sent
    # Opening the page is free.
    assert client.get(_libraries_url(system)).status_code == 200


def test_library_page_with_requests_runs_a_fixed_number_of_queries(
    client, library, librarian, django_assert_num_queries
):
    for number in range(5):
        LibraryLinkFactory(
            library=library, system=OrganisationFactory(name=f"Sistema {number}"), pending=True
        )
    client.force_login(librarian)

    # Session, user, the person's roles (can_edit and which practices they see), the unlisted
    # organisations they asked to join, organisation, their tier, their role here, requests;
    # for the kept profile, its tier and hours, systems, practices, documents, offered
    # competences, events.
    with django_assert_num_queries(13):
        client.get(library.get_absolute_url())


def test_a_person_the_link_names_is_kept_when_they_are_deleted(system, library):
    person = UserFactory()
    link = LibraryLinkFactory(library=library, system=system, requested_by=person)

    person.delete()

    link.refresh_from_db()
    assert link.requested_by is None
