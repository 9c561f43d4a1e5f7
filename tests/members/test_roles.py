"""People's roles in organisations: asking to join, approval by referents or staff, leaving, and
registering a new organisation.

The actions are tested directly where their refusals matter, and through the pages where what a
person sees matters. Texts are checked on the English site (and in English e-mails), whose words
are the msgids: the Italian translation may change, the behaviour must not.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from members.access import effective_tier
from members.actions.organisations import (
    OrganisationError,
    approve_organisation,
    register_organisation,
    reject_organisation,
)
from members.actions.roles import (
    RoleError,
    approve_role,
    leave_organisation,
    reject_role,
    remove_role,
    request_role,
)
from members.models import (
    EffectiveTier,
    Organisation,
    OrganisationKind,
    Province,
    Region,
    Role,
    User,
)
from tests.factories import MembershipFactory, OrganisationFactory, RoleFactory, UserFactory
from tests.pages import assert_refused

pytestmark = pytest.mark.django_db


def _en(name, *args):
    """A page's path on the English site."""
    with translation.override("en"):
        return reverse(name, args=args)


def _html(response):
    return " ".join(response.content.decode().split())


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _organisation_of(person):
    return person.roles.get().organisation


def _fresh(user):
    # effective_tier() is cached on the user object, as it is on a request's user.
    return User.objects.get(pk=user.pk)


@pytest.fixture
def english(base_user, official_referent, staff):
    """The named people read their e-mails in English."""
    User.objects.filter(pk__in=[base_user.pk, official_referent.pk, staff.pk]).update(language="en")
    for person in (base_user, official_referent, staff):
        person.language = "en"


@pytest.fixture
def unclaimed_library(db):
    """A library imported from the national registry that nobody has claimed: no referent."""
    return OrganisationFactory(
        name="Biblioteca civica di Abbiategrasso",
        slug="biblioteca-civica-abbiategrasso",
        kind=OrganisationKind.LIBRARY,
        isil_code="IT-MI0001",
        in_registry=True,
    )


def _registration(**overrides):
    return {
        "name": "Biblioteca popolare di Gorgonzola",
        "kind": OrganisationKind.LIBRARY,
        "region": Region.objects.get(name="Lombardia").pk,
        "province": Province.objects.get(name="Milano").pk,
        "municipality": "Gorgonzola",
        "website": "https://biblioteca.gorgonzola.example",
        "email": "biblioteca@gorgonzola.example",
        "isil_code": "",
        **overrides,
    }


def _register(person, name="Biblioteca popolare di Gorgonzola"):
    return register_organisation(
        by=person,
        name=name,
        kind=OrganisationKind.LIBRARY,
        region=Region.objects.get(name="Lombardia"),
        province=Province.objects.get(name="Milano"),
        municipality="Gorgonzola",
    )


# Asking to join and deciding -----------------------------------------------------------------


def test_request_to_join_waits_for_approval_and_emails_the_referents(
    base_user, official_referent, mailoutbox, committing
):
    organisation = _organisation_of(official_referent)
    with committing():
        role = request_role(
            organisation=organisation,
            user=base_user,
            kind=Role.Kind.COLLABORATOR,
            message="Lavoro al prestito interbibliotecario.",
        )
    assert role.status == Role.Status.PENDING
    assert [message.to for message in mailoutbox] == [[official_referent.email]]
    body = mailoutbox[0].body
    assert "Sistema bibliotecario Vimercatese" in mailoutbox[0].subject
    assert "Lavoro al prestito interbibliotecario." in body
    assert f"/{organisation.slug}/" in body


def test_join_page_sends_a_request_and_the_profile_shows_it_pending(
    client, base_user, official_referent, mailoutbox, committing
):
    organisation = _organisation_of(official_referent)
    client.force_login(base_user)
    with committing():
        response = client.post(
            _en("members:role-request", organisation.slug),
            {"kind": "collaborator", "message": "Catalogatrice."},
            follow=True,
        )
    assert response.redirect_chain == [(_en("portal:profile"), 302)]
    assert _messages(response) == [
        "Your request to join Sistema bibliotecario Vimercatese has been sent. You will receive "
        "an e-mail when it is decided."
    ]
    role = base_user.roles.get()
    assert (role.organisation, role.kind, role.status) == (organisation, "collaborator", "pending")
    assert len(mailoutbox) == 1
    html = _html(response)
    assert "Sistema bibliotecario Vimercatese" in html
    assert "Awaiting approval" in html


def test_join_page_shows_the_current_role_instead_of_the_form(client, base_user, official_referent):
    organisation = _organisation_of(official_referent)
    RoleFactory(organisation=organisation, user=base_user, status=Role.Status.PENDING)
    client.force_login(base_user)
    response = client.get(_en("members:role-request", organisation.slug))
    html = _html(response)
    assert response.status_code == 200
    assert "your request is awaiting approval" in html
    assert 'name="message"' not in html


def test_join_page_asks_visitors_to_log_in(visitor, official_referent):
    organisation = _organisation_of(official_referent)
    response = visitor.get(reverse("members:role-request", args=[organisation.slug]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_nobody_asks_twice_for_a_role_in_the_same_organisation(
    base_user, official_referent, refused
):
    organisation = _organisation_of(official_referent)
    request_role(organisation=organisation, user=base_user, kind=Role.Kind.COLLABORATOR)
    with translation.override("en"), refused("already_asked") as refusal:
        request_role(organisation=organisation, user=base_user, kind=Role.Kind.REFERENT)
    assert "your request is awaiting approval" in str(refusal.value)
    with refused("already_member"):
        request_role(organisation=organisation, user=official_referent, kind=Role.Kind.REFERENT)
    assert organisation.roles.count() == 2


def test_a_person_may_ask_again_after_being_rejected(base_user, official_referent):
    organisation = _organisation_of(official_referent)
    role = request_role(organisation=organisation, user=base_user, kind=Role.Kind.REFERENT)
    reject_role(role=role, by=official_referent, reason="Non lavora qui.")
    again = request_role(organisation=organisation, user=base_user, kind=Role.Kind.COLLABORATOR)
    assert again.status == Role.Status.PENDING


def test_referent_approves_a_request_and_the_person_is_emailed(
    client, english, base_user, official_referent, mailoutbox, committing
):
    organisation = _organisation_of(official_referent)
    role = RoleFactory(
        organisation=organisation,
        user=base_user,
        kind=Role.Kind.COLLABORATOR,
        status=Role.Status.PENDING,
    )
    people = _en("members:organisation-people", organisation.slug)
    client.force_login(official_referent)
    with committing():
        response = client.post(_en("members:role-approve", role.pk), {"next": people}, follow=True)
    assert response.redirect_chain == [(people, 302)]
    assert _messages(response) == [
        "Lucia Conti has been approved as collaborator of Sistema bibliotecario Vimercatese."
    ]
    role.refresh_from_db()
    assert (role.status, role.decided_by) == (Role.Status.APPROVED, official_referent)
    assert [message.to for message in mailoutbox] == [[base_user.email]]
    assert (
        mailoutbox[0].subject
        == "[Rete delle Reti] You have joined Sistema bibliotecario Vimercatese"
    )
    assert "your role is collaborator" in mailoutbox[0].body
    # A collaborator of an official member reaches what official membership opens.
    assert effective_tier(_fresh(base_user)) == EffectiveTier.OFFICIAL


def test_request_to_an_organisation_without_referents_goes_to_staff(
    base_user, staff, unclaimed_library, mailoutbox, committing
):
    with committing():
        request_role(organisation=unclaimed_library, user=base_user, kind=Role.Kind.REFERENT)
    assert [message.to for message in mailoutbox] == [[staff.email]]
    assert "Biblioteca civica di Abbiategrasso" in mailoutbox[0].subject


def test_first_referent_of_an_organisation_is_approved_only_by_staff(
    base_user, staff, other_referent, unclaimed_library, mailoutbox, refused
):
    role = request_role(organisation=unclaimed_library, user=base_user, kind=Role.Kind.REFERENT)
    for not_staff in (base_user, other_referent):
        with translation.override("en"), refused("first_referent") as refusal:
            approve_role(role=role, by=not_staff)
        assert "The first referent of an organisation is approved by the network's staff" in str(
            refusal.value
        )
    role.refresh_from_db()
    assert role.status == Role.Status.PENDING

    approve_role(role=role, by=staff)
    role.refresh_from_db()
    assert (role.status, role.decided_by) == (Role.Status.APPROVED, staff)
    assert list(unclaimed_library.referents()) == [base_user]


def test_people_page_tells_staff_the_first_referent_is_theirs_to_approve(
    client, base_user, staff, unclaimed_library
):
    RoleFactory(organisation=unclaimed_library, user=base_user, status=Role.Status.PENDING)
    client.force_login(staff)
    html = _html(client.get(_en("members:organisation-people", unclaimed_library.slug)))
    assert "the first referent of an organisation is approved by the network's staff" in html
    assert "Lucia Conti" in html


def test_referent_rejects_a_request_with_a_reason_the_person_reads(
    client, english, base_user, official_referent, mailoutbox, committing
):
    organisation = _organisation_of(official_referent)
    role = RoleFactory(organisation=organisation, user=base_user, status=Role.Status.PENDING)
    client.force_login(official_referent)
    with committing():
        response = client.post(
            _en("members:role-reject", role.pk),
            {f"role-{role.pk}-reason": "Non risulta tra il personale del sistema."},
            follow=True,
        )
    assert response.redirect_chain == [(_en("members:organisation-people", organisation.slug), 302)]
    assert _messages(response) == [
        "The request of Lucia Conti has been rejected; they have been told why."
    ]
    role.refresh_from_db()
    assert role.status == Role.Status.REJECTED
    assert role.rejection_reason == "Non risulta tra il personale del sistema."
    assert [message.to for message in mailoutbox] == [[base_user.email]]
    assert "Non risulta tra il personale del sistema." in mailoutbox[0].body


def test_rejecting_without_a_reason_says_so_next_to_the_field(
    client, base_user, official_referent, mailoutbox, committing
):
    organisation = _organisation_of(official_referent)
    role = RoleFactory(organisation=organisation, user=base_user, status=Role.Status.PENDING)
    client.force_login(official_referent)
    with committing():
        response = client.post(_en("members:role-reject", role.pk), {f"role-{role.pk}-reason": " "})
    html = _html(response)
    assert response.status_code == 200
    assert f'id="id_role-{role.pk}-reason-error">This field is required.</div>' in html
    role.refresh_from_db()
    assert role.status == Role.Status.PENDING
    assert mailoutbox == []


def test_reject_action_refuses_an_empty_reason(base_user, official_referent, refused):
    role = RoleFactory(
        organisation=_organisation_of(official_referent),
        user=base_user,
        status=Role.Status.PENDING,
    )
    with refused("no_reason"):
        reject_role(role=role, by=official_referent, reason="  ")
    role.refresh_from_db()
    assert role.status == Role.Status.PENDING


def test_a_decided_request_cannot_be_decided_again(base_user, official_referent, refused):
    role = RoleFactory(
        organisation=_organisation_of(official_referent),
        user=base_user,
        status=Role.Status.PENDING,
    )
    approve_role(role=role, by=official_referent)
    with refused("already_decided"):
        reject_role(role=role, by=official_referent, reason="Ci ho ripensato.")
    role.refresh_from_db()
    assert role.status == Role.Status.APPROVED


def test_nobody_joins_an_organisation_awaiting_approval(base_user, other_referent, refused):
    organisation = _register(other_referent)
    with refused("organisation_not_approved"):
        request_role(organisation=organisation, user=base_user, kind=Role.Kind.COLLABORATOR)


# Who may decide ----------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["members:role-approve", "members:role-reject"])
def test_other_referent_gets_404_on_another_organisations_requests(
    client, action, base_user, official_referent, other_referent
):
    role = RoleFactory(
        organisation=_organisation_of(official_referent),
        user=base_user,
        status=Role.Status.PENDING,
    )
    client.force_login(other_referent)
    response = client.post(reverse(action, args=[role.pk]), {f"role-{role.pk}-reason": "No."})
    assert response.status_code == 404
    role.refresh_from_db()
    assert role.status == Role.Status.PENDING


def test_other_referent_gets_404_removing_someone_from_another_organisation(
    client, official_referent, other_referent
):
    role = official_referent.roles.get()
    client.force_login(other_referent)
    assert client.post(reverse("members:role-leave", args=[role.pk])).status_code == 404
    role.refresh_from_db()
    assert role.status == Role.Status.APPROVED


def test_other_referent_gets_403_on_the_people_page_of_an_organisation_they_see(
    client, official_referent, other_referent
):
    organisation = _organisation_of(official_referent)
    client.force_login(other_referent)
    response = client.get(reverse("members:organisation-people", args=[organisation.slug]))
    assert_refused(
        response,
        f"Solo i referenti di {organisation.name}",
        reverse("members:role-request", args=[organisation.slug]),
    )


def test_a_collaborator_gets_403_on_the_people_page(client, base_user, official_referent):
    organisation = _organisation_of(official_referent)
    RoleFactory(organisation=organisation, user=base_user, kind=Role.Kind.COLLABORATOR)
    client.force_login(base_user)
    response = client.get(reverse("members:organisation-people", args=[organisation.slug]))
    assert_refused(response, f"Solo i referenti di {organisation.name}")


def test_requester_gets_403_approving_their_own_request(client, base_user, official_referent):
    role = RoleFactory(
        organisation=_organisation_of(official_referent),
        user=base_user,
        status=Role.Status.PENDING,
    )
    client.force_login(base_user)
    response = client.post(reverse("members:role-approve", args=[role.pk]))
    assert_refused(response, "decidere chi ne fa parte")
    role.refresh_from_db()
    assert role.status == Role.Status.PENDING


def test_referent_of_another_organisation_cannot_approve_through_the_action(
    base_user, official_referent, other_referent, refused
):
    role = RoleFactory(
        organisation=_organisation_of(official_referent),
        user=base_user,
        status=Role.Status.PENDING,
    )
    with refused("not_referent"):
        approve_role(role=role, by=other_referent)


@pytest.mark.parametrize(
    "name", ["members:role-approve", "members:role-reject", "members:role-leave"]
)
def test_role_changes_are_posted_never_fetched(client, name, official_referent):
    client.force_login(official_referent)
    role = official_referent.roles.get()
    assert client.get(reverse(name, args=[role.pk])).status_code == 405


def test_staff_see_the_people_page_of_any_organisation(client, staff, official_referent):
    organisation = _organisation_of(official_referent)
    client.force_login(staff)
    response = client.get(_en("members:organisation-people", organisation.slug))
    assert response.status_code == 200
    assert "Marco" in _html(response)


# The people page ---------------------------------------------------------------------------


def test_people_page_lists_requests_and_people_in_a_constant_number_of_queries(
    client, official_referent, django_assert_num_queries
):
    organisation = _organisation_of(official_referent)
    client.force_login(official_referent)
    url = _en("members:organisation-people", organisation.slug)

    def add_people(count):
        for _ in range(count):
            RoleFactory(organisation=organisation, status=Role.Status.PENDING)
            RoleFactory(organisation=organisation, kind=Role.Kind.COLLABORATOR)

    add_people(3)
    # Session, user, organisation, the referent check, pending requests, approved people.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    add_people(7)
    with django_assert_num_queries(6):
        response = client.get(url)
    html = _html(response)
    assert html.count("Approve ") == 10
    assert html.count("Remove ") == 10
    assert "Leave the organisation" in html  # the referent's own row


# Leaving -----------------------------------------------------------------------------------


def test_last_referent_cannot_leave_until_a_successor_is_approved(
    english, base_user, official_referent, mailoutbox, committing, refused
):
    organisation = _organisation_of(official_referent)
    role = official_referent.roles.get()
    with translation.override("en"), refused("last_referent") as refusal:
        leave_organisation(role=role, by=official_referent)
    assert "approve another referent first" in str(refusal.value)

    successor = request_role(organisation=organisation, user=base_user, kind=Role.Kind.REFERENT)
    with pytest.raises(RoleError):  # asked for, not yet approved: no successor yet
        leave_organisation(role=role, by=official_referent)
    approve_role(role=successor, by=official_referent)

    with committing():
        leave_organisation(role=role, by=official_referent)
    role.refresh_from_db()
    assert role.status == Role.Status.LEFT
    assert list(organisation.referents()) == [base_user]
    assert mailoutbox[-1].to == [base_user.email]
    assert "has left Sistema bibliotecario Vimercatese" in mailoutbox[-1].subject


def test_last_referent_cannot_be_removed_even_by_staff(staff, official_referent, refused):
    role = official_referent.roles.get()
    with refused("last_referent"):
        remove_role(role=role, by=staff)
    role.refresh_from_db()
    assert role.status == Role.Status.APPROVED


def test_a_referent_is_removed_once_another_is_approved(base_user, staff, official_referent):
    organisation = _organisation_of(official_referent)
    RoleFactory(organisation=organisation, user=base_user)
    remove_role(role=official_referent.roles.get(), by=staff)
    assert list(organisation.referents()) == [base_user]


def test_leaving_as_last_referent_on_the_page_explains_the_refusal(client, official_referent):
    role = official_referent.roles.get()
    client.force_login(official_referent)
    response = client.post(
        _en("members:role-leave", role.pk), {"next": _en("portal:profile")}, follow=True
    )
    assert response.redirect_chain == [(_en("portal:profile"), 302)]
    (message,) = _messages(response)
    assert message.startswith("Marco")
    assert "is the last referent of Sistema bibliotecario Vimercatese" in message
    assert "approve another referent first" in message
    role.refresh_from_db()
    assert role.status == Role.Status.APPROVED


def test_referent_removes_a_collaborator_who_is_emailed(
    client, english, base_user, official_referent, mailoutbox, committing
):
    organisation = _organisation_of(official_referent)
    role = RoleFactory(organisation=organisation, user=base_user, kind=Role.Kind.COLLABORATOR)
    client.force_login(official_referent)
    with committing():
        response = client.post(_en("members:role-leave", role.pk), follow=True)
    assert response.redirect_chain == [(_en("members:organisation-people", organisation.slug), 302)]
    assert _messages(response) == [
        "Lucia Conti no longer has a role in Sistema bibliotecario Vimercatese."
    ]
    role.refresh_from_db()
    assert (role.status, role.decided_by) == (Role.Status.LEFT, official_referent)
    assert [message.to for message in mailoutbox] == [[base_user.email]]
    assert "has ended your role as collaborator" in mailoutbox[0].body
    assert effective_tier(_fresh(base_user)) == EffectiveTier.BASE


def test_collaborator_leaves_from_the_profile(client, base_user, official_referent):
    organisation = _organisation_of(official_referent)
    role = RoleFactory(organisation=organisation, user=base_user, kind=Role.Kind.COLLABORATOR)
    client.force_login(base_user)
    response = client.post(
        _en("members:role-leave", role.pk), {"next": _en("portal:profile")}, follow=True
    )
    assert _messages(response) == ["You have left Sistema bibliotecario Vimercatese."]
    role.refresh_from_db()
    assert role.status == Role.Status.LEFT


def test_leaving_never_redirects_off_the_site(client, base_user, official_referent):
    role = RoleFactory(
        organisation=_organisation_of(official_referent),
        user=base_user,
        kind=Role.Kind.COLLABORATOR,
    )
    client.force_login(base_user)
    response = client.post(
        reverse("members:role-leave", args=[role.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("portal:profile")


def test_a_next_that_is_a_bare_word_is_a_relative_address_not_a_view_name(
    client, base_user, official_referent
):
    role = RoleFactory(
        organisation=_organisation_of(official_referent),
        user=base_user,
        kind=Role.Kind.COLLABORATOR,
    )
    client.force_login(base_user)
    response = client.post(reverse("members:role-leave", args=[role.pk]), {"next": "profile"})
    assert response.status_code == 302
    assert response.url == "profile"


def test_only_the_holder_leaves_a_role(base_user, official_referent, refused):
    role = official_referent.roles.get()
    with refused("not_yours"):
        leave_organisation(role=role, by=base_user)


# Registering a new organisation ------------------------------------------------------------


def test_registered_person_registers_an_organisation_that_waits_for_staff(
    client, english, base_user, staff, mailoutbox, committing
):
    client.force_login(base_user)
    with committing():
        response = client.post(
            _en("members:organisation-register"),
            _registration(isil_code=" it-mi0002 "),
            follow=True,
        )
    assert response.redirect_chain == [(_en("portal:profile"), 302)]
    assert _messages(response) == [
        "Thank you: Biblioteca popolare di Gorgonzola has been registered. The network's staff "
        "will review it and write to you when it is approved; then you will be its referent."
    ]
    organisation = Organisation.objects.get(name="Biblioteca popolare di Gorgonzola")
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.slug == "biblioteca-popolare-di-gorgonzola"
    assert organisation.isil_code == "IT-MI0002"
    assert organisation.province.name == "Milano"
    role = organisation.roles.get()
    assert (role.user, role.kind, role.status) == (base_user, "referent", "pending")
    assert [message.to for message in mailoutbox] == [[staff.email]]
    assert mailoutbox[0].subject == (
        "[Rete delle Reti] New organisation to review: Biblioteca popolare di Gorgonzola"
    )
    assert f"/admin/members/organisation/{organisation.pk}/change/" in mailoutbox[0].body
    assert "Biblioteca popolare di Gorgonzola" in _html(response)  # on the profile, pending


def test_registration_page_asks_visitors_to_log_in(visitor):
    response = visitor.get(reverse("members:organisation-register"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_pending_organisation_is_seen_only_by_who_registered_it_and_staff(
    client, base_user, other_referent, staff
):
    organisation = _register(base_user)

    def visible(person):
        return Organisation.objects.visible_to(person).filter(pk=organisation.pk).exists()

    assert visible(base_user)
    assert visible(staff)
    assert not visible(other_referent)
    assert not visible(AnonymousUser())
    assert not Organisation.objects.listed().filter(pk=organisation.pk).exists()

    client.force_login(other_referent)
    for name in ("members:role-request", "members:organisation-people"):
        assert client.get(reverse(name, args=[organisation.slug])).status_code == 404


def test_staff_approve_the_organisation_and_its_referent_together(
    english, base_user, staff, mailoutbox, committing
):
    organisation = _register(base_user)
    with committing():
        approve_organisation(organisation=organisation, by=staff)
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.APPROVED
    assert list(organisation.referents()) == [base_user]
    assert organisation.roles.get().decided_by == staff
    assert [message.to for message in mailoutbox] == [[base_user.email]]
    assert mailoutbox[0].subject == (
        "[Rete delle Reti] Biblioteca popolare di Gorgonzola is on the portal"
    )
    assert Organisation.objects.listed().filter(pk=organisation.pk).exists()


def test_the_referent_of_a_pending_organisation_is_approved_with_it_not_alone(
    base_user, staff, refused
):
    organisation = _register(base_user)
    with refused("organisation_not_approved"):
        approve_role(role=organisation.roles.get(), by=staff)


def test_staff_reject_an_organisation_with_a_reason(
    english, base_user, staff, mailoutbox, committing
):
    organisation = _register(base_user)
    with pytest.raises(OrganisationError):
        reject_organisation(organisation=organisation, by=staff, reason="")
    with committing():
        reject_organisation(organisation=organisation, by=staff, reason="È già sul portale.")
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.REJECTED
    role = organisation.roles.get()
    assert (role.status, role.rejection_reason) == (Role.Status.REJECTED, "È già sul portale.")
    assert [message.to for message in mailoutbox] == [[base_user.email]]
    assert "È già sul portale." in mailoutbox[0].body


def test_only_staff_decide_on_a_registered_organisation(base_user, official_referent, refused):
    organisation = _register(base_user)
    with refused("not_staff"):
        approve_organisation(organisation=organisation, by=official_referent)
    with pytest.raises(OrganisationError):
        reject_organisation(organisation=organisation, by=official_referent, reason="No.")
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING


def test_registering_a_library_already_on_the_portal_points_to_it(
    client, base_user, unclaimed_library
):
    client.force_login(base_user)
    response = client.post(
        _en("members:organisation-register"), _registration(isil_code="it-mi0001")
    )
    html = _html(response)
    assert response.status_code == 200
    join = _en("members:role-request", unclaimed_library.slug)
    assert (
        f'This library is already on the portal: <a href="{join}">ask to join '
        "Biblioteca civica di Abbiategrasso</a>."
    ) in html
    assert 'value="Biblioteca popolare di Gorgonzola"' in html  # what was typed is kept
    assert not Organisation.objects.filter(name="Biblioteca popolare di Gorgonzola").exists()


def test_registering_a_library_someone_already_registered_says_staff_are_on_it(
    base_user, other_referent, refused
):
    register_organisation(
        by=other_referent,
        name="Biblioteca di Trezzo",
        kind=OrganisationKind.LIBRARY,
        region=None,
        province=None,
        municipality="Trezzo sull'Adda",
        isil_code="IT-MI0003",
    )
    with translation.override("en"), refused("isil_taken") as refusal:
        _register_with_isil(base_user, "IT-MI0003")
    assert "staff are reviewing it" in str(refusal.value)


def _register_with_isil(person, isil_code):
    return register_organisation(
        by=person,
        name="Biblioteca comunale di Trezzo",
        kind=OrganisationKind.LIBRARY,
        region=None,
        province=None,
        municipality="Trezzo sull'Adda",
        isil_code=isil_code,
    )


@pytest.mark.parametrize(
    "isil_code", ["IT-123", "DE-MI0001", "IT-MI00011", "ITMI0001", "IT-M10001"]
)
def test_registration_refuses_a_code_that_is_not_an_italian_isil(client, base_user, isil_code):
    client.force_login(base_user)
    response = client.post(_en("members:organisation-register"), _registration(isil_code=isil_code))
    assert response.status_code == 200
    assert 'id="id_isil_code-error">Enter an Italian ISIL code such as IT-MI0001.</div>' in _html(
        response
    )
    assert not Organisation.objects.filter(name="Biblioteca popolare di Gorgonzola").exists()


def test_registration_refuses_a_province_outside_the_region(client, base_user):
    client.force_login(base_user)
    response = client.post(
        _en("members:organisation-register"),
        _registration(region=Region.objects.get(name="Lazio").pk),
    )
    assert response.status_code == 200
    assert 'id="id_province-error">Milano is not in Lazio.</div>' in _html(response)
    with pytest.raises(OrganisationError) as refusal:
        register_organisation(
            by=base_user,
            name="Biblioteca",
            kind=OrganisationKind.LIBRARY,
            region=Region.objects.get(name="Lazio"),
            province=Province.objects.get(name="Milano"),
            municipality="Milano",
        )
    assert refusal.value.field == "province"


def test_registration_page_groups_provinces_under_their_region(client, base_user):
    client.force_login(base_user)
    html = _html(client.get(_en("members:organisation-register")))
    assert re.search(r'<optgroup label="Lombardia">.*?>Milano</option>', html)


def test_organisations_with_the_same_name_get_distinct_slugs(base_user, other_referent):
    first = _register(base_user)
    second = _register(other_referent)
    assert first.slug == "biblioteca-popolare-di-gorgonzola"
    assert second.slug == "biblioteca-popolare-di-gorgonzola-2"


# The profile -------------------------------------------------------------------------------


def test_profile_lists_organisations_with_role_status_and_tier(
    client, official_referent, package_referent
):
    official = _organisation_of(official_referent)
    package = _organisation_of(package_referent)
    RoleFactory(
        organisation=package,
        user=official_referent,
        kind=Role.Kind.COLLABORATOR,
        status=Role.Status.PENDING,
    )
    client.force_login(official_referent)
    response = client.get(_en("portal:profile"))
    html = _html(response)
    row = re.search(r"<tr>.*?Vimercatese.*?</tr>", html).group(0)
    assert f'href="{official.get_absolute_url()}"' in row
    assert "<td>Referent</td>" in row
    assert ">Approved</span>" in row
    assert "<td>Official member" in row
    assert _en("members:organisation-people", official.slug) in row
    row = re.search(r"<tr>.*?Salento.*?</tr>", html).group(0)
    assert "<td>Collaborator</td>" in row
    assert ">Awaiting approval</span>" in row
    assert "<td>Service package" in row
    assert "counts for you once your role is approved" in row
    # The pending package role gives nothing yet: the official membership is what counts.
    assert "Your access on the portal: <strong>Official member</strong>." in html
    assert '<dt class="col-sm-4">Access</dt> <dd class="col-sm-8">Official member</dd>' in html


def test_profile_of_a_person_without_organisations_shows_how_to_join_one(client, base_user):
    client.force_login(base_user)
    html = _html(client.get(_en("portal:profile")))
    assert "You do not belong to any organisation on the portal yet." in html
    assert "Your access on the portal: <strong>Base profile</strong>." in html
    assert f'href="{_en("members:organisation-list")}">Find your organisation</a>' in html
    assert f'href="{_en("members:organisation-register")}">Register a new organisation</a>' in html


def test_profile_runs_a_constant_number_of_queries(
    client, official_referent, django_assert_num_queries
):
    client.force_login(official_referent)
    url = _en("portal:profile")
    # The session comes from the pages cache, where logging in left it; then the person,
    # the effective tier, the roles, and their organisations with their tier.
    with django_assert_num_queries(4):
        client.get(url)
    for _ in range(5):
        MembershipFactory(package=True).organisation.roles.create(
            user=official_referent, kind=Role.Kind.COLLABORATOR, status=Role.Status.PENDING
        )
    # New roles replace the content version, so the session is read from the database once
    # more; five more roles cost no more queries.
    with django_assert_num_queries(5):
        response = client.get(url)
    assert _html(response).count("Awaiting approval") == 5


def test_nothing_left_behind_when_a_refused_registration_rolls_back(base_user, unclaimed_library):
    before = Organisation.objects.aggregate(Max("pk"))
    with pytest.raises(OrganisationError):
        _register_with_isil(base_user, "IT-MI0001")
    assert Organisation.objects.aggregate(Max("pk")) == before
    assert not base_user.roles.exists()


def test_a_new_person_can_register_and_be_approved_end_to_end(
    client, staff, mailoutbox, committing
):
    person = UserFactory(first_name="Anna", language="en")
    client.force_login(person)
    with committing():
        client.post(_en("members:organisation-register"), _registration())
        organisation = Organisation.objects.get(name="Biblioteca popolare di Gorgonzola")
        approve_organisation(organisation=organisation, by=staff)
    response = client.get(_en("members:organisation-people", organisation.slug))
    assert response.status_code == 200
    assert [message.to for message in mailoutbox] == [[staff.email], [person.email]]


def test_a_person_withdraws_their_own_pending_request_from_the_profile(client, base_user):
    request = RoleFactory(user=base_user, status=Role.Status.PENDING)
    client.force_login(base_user)

    profile = client.get(reverse("portal:profile")).content.decode()
    assert reverse("members:role-leave", args=[request.pk]) in profile
    response = client.post(reverse("members:role-leave", args=[request.pk]), follow=True)

    request.refresh_from_db()
    assert request.status == Role.Status.LEFT
    assert request.organisation.name in response.content.decode()
