"""Staff run the workflows from the admin: its actions call the same functions as the site."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from members.models import CreditEntry, Membership, Organisation, Role
from tests.factories import MembershipFactory, OrganisationFactory, RoleFactory, UserFactory
from tests.pages import admin_form_data, run_admin_action

pytestmark = pytest.mark.django_db


def test_staff_approve_a_package_application_and_its_credits_are_granted(
    staff_client, committing, mailoutbox
):
    application = MembershipFactory(package=True, status=Membership.Status.PENDING)
    RoleFactory(organisation=application.organisation)

    with committing():
        response = run_admin_action(staff_client, "approve", [application])

    application.refresh_from_db()
    assert application.status == Membership.Status.ACTIVE
    assert application.credit_balance() == 20
    assert CreditEntry.objects.filter(membership=application, kind="grant").exists()
    assert "Adesioni approvate: 1." in response.content.decode()
    assert mailoutbox


def test_rejecting_asks_for_the_reason_first_then_tells_the_applicant(
    staff_client, committing, mailoutbox
):
    application = MembershipFactory(status=Membership.Status.PENDING)
    referent = RoleFactory(organisation=application.organisation).user

    page = run_admin_action(staff_client, "reject", [application])
    assert 'name="reason"' in page.content.decode()
    application.refresh_from_db()
    assert application.status == Membership.Status.PENDING

    with committing():
        run_admin_action(staff_client, "reject", [application], reason="Quota non versata.")
    application.refresh_from_db()
    assert application.status == Membership.Status.REJECTED
    assert application.rejection_reason == "Quota non versata."
    assert any(
        referent.email in message.to and "Quota non versata." in message.body
        for message in mailoutbox
    )


def test_a_refused_action_says_why_for_that_object(staff_client):
    active = MembershipFactory()

    response = run_admin_action(staff_client, "approve", [active])

    active.refresh_from_db()
    assert active.status == Membership.Status.ACTIVE
    assert f"{active}:" in response.content.decode()


def test_staff_approve_a_new_organisation_with_its_referent(staff_client):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    role = RoleFactory(organisation=organisation, status=Role.Status.PENDING)

    run_admin_action(staff_client, "approve", [organisation])

    organisation.refresh_from_db()
    role.refresh_from_db()
    assert organisation.status == Organisation.Status.APPROVED
    assert role.status == Role.Status.APPROVED


def test_staff_approve_the_first_referent_of_an_imported_library(staff_client):
    library = OrganisationFactory(kind="library", isil_code="IT-MB0001")
    request = RoleFactory(organisation=library, status=Role.Status.PENDING)

    run_admin_action(staff_client, "approve", [request])

    request.refresh_from_db()
    assert request.status == Role.Status.APPROVED


def test_people_without_staff_rights_cannot_reach_the_admin(client, official_referent):
    client.force_login(official_referent)
    response = client.get(reverse("admin:members_membership_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_workflow_states_cannot_be_edited_by_hand_in_the_admin(staff_client):
    membership = MembershipFactory(package=True)
    role = RoleFactory(organisation=membership.organisation)

    membership_page = staff_client.get(
        reverse("admin:members_membership_change", args=[membership.pk])
    ).content.decode()
    role_page = staff_client.get(reverse("admin:members_role_change", args=[role.pk]))

    assert 'name="status"' not in membership_page
    assert 'name="credits"' not in membership_page
    assert 'name="status"' not in role_page.content.decode()
    assert staff_client.get(reverse("admin:members_membership_add")).status_code == 403


# Roles, memberships and accounts keep their rules in the admin --------------------------------


def _form_fields(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return set(response.context["adminform"].form.fields)


def test_an_approved_roles_person_organisation_and_kind_are_read_only(staff_client):
    approved = RoleFactory()
    pending = RoleFactory(status=Role.Status.PENDING)

    assert {"user", "organisation", "kind"} <= _form_fields(staff_client, pending)
    assert not {"user", "organisation", "kind"} & _form_fields(staff_client, approved)


def test_roles_are_not_deleted_in_the_admin(staff_client):
    role = RoleFactory()
    url = reverse("admin:members_role_delete", args=[role.pk])

    assert staff_client.get(url).status_code == 403
    run_admin_action(staff_client, "delete_selected", [role])

    assert Role.objects.filter(pk=role.pk).exists()


def test_staff_remove_a_role_through_the_action_that_keeps_the_last_referent(
    staff_client, committing
):
    last = RoleFactory()
    first = RoleFactory()
    second = RoleFactory(organisation=first.organisation)

    refused = run_admin_action(staff_client, "remove", [last]).content.decode()
    with committing():
        done = run_admin_action(staff_client, "remove", [second]).content.decode()

    last.refresh_from_db()
    second.refresh_from_db()
    assert last.status == Role.Status.APPROVED
    assert f"{last}:" in refused
    assert second.status == Role.Status.LEFT
    assert "Ruoli tolti: 1." in done


def test_an_active_memberships_organisation_is_read_only(staff_client):
    pending = MembershipFactory(status=Membership.Status.PENDING)
    active = MembershipFactory()

    assert "organisation" in _form_fields(staff_client, pending)
    assert "organisation" not in _form_fields(staff_client, active)


PRIVILEGES = {"is_staff", "is_superuser", "groups", "user_permissions"}


@pytest.fixture
def clerk(db):
    """A member of the network's staff who is not a superuser, allowed to manage accounts."""
    user = UserFactory(first_name="Sara", last_name="Bassi", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="members", codename__in=["view_user", "change_user"]
        )
    )
    return user


def test_only_superusers_see_the_privileges_as_fields(client, staff, clerk, base_user):
    client.force_login(staff)
    assert _form_fields(client, base_user) >= PRIVILEGES

    client.force_login(clerk)
    assert not PRIVILEGES & _form_fields(client, base_user)


def test_staff_who_are_not_superusers_cannot_grant_staff_status(client, clerk, base_user):
    client.force_login(clerk)
    url = reverse("admin:members_user_change", args=[base_user.pk])
    data = admin_form_data(client, url, last_name="Conti Rossi", is_staff="on", is_superuser="on")

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    base_user.refresh_from_db()
    assert base_user.last_name == "Conti Rossi"
    assert not base_user.is_staff
    assert not base_user.is_superuser


def test_staff_who_are_not_superusers_cannot_change_a_superusers_account(client, staff, clerk):
    client.force_login(clerk)
    change = reverse("admin:members_user_change", args=[staff.pk])
    password = reverse("admin:auth_user_password_change", args=[staff.pk])

    assert client.post(change, {"email": "altro@example.org"}).status_code == 403
    assert client.get(password).status_code == 403
    staff.refresh_from_db()
    assert staff.email != "altro@example.org"


def test_staff_upgrade_a_membership_from_a_day_they_choose(staff_client, committing, mailoutbox):
    today = timezone.localdate()
    current = MembershipFactory(
        organisation__name="Sistema Vimercatese",
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today + datetime.timedelta(days=200),
    )
    upgrade = MembershipFactory(
        organisation=current.organisation,
        package=True,
        status=Membership.Status.PENDING,
        starts_on=today + datetime.timedelta(days=201),
        ends_on=today + datetime.timedelta(days=565),
    )
    referent = RoleFactory(organisation=current.organisation).user
    day = today + datetime.timedelta(days=10)

    page = run_admin_action(staff_client, "approve_from", [upgrade])
    html = page.content.decode()
    assert 'name="starts_on"' in html
    assert "Sistema Vimercatese" in html
    upgrade.refresh_from_db()
    assert upgrade.status == Membership.Status.PENDING

    with committing():
        response = run_admin_action(
            staff_client, "approve_from", [upgrade], starts_on=day.isoformat(), _confirmed="1"
        )

    assert "Adesioni approvate: 1." in response.content.decode()
    upgrade.refresh_from_db()
    current.refresh_from_db()
    assert (upgrade.status, upgrade.starts_on) == (Membership.Status.ACTIVE, day)
    assert upgrade.ends_on == day.replace(year=day.year + 1) - datetime.timedelta(days=1)
    assert (current.status, current.ends_on) == (
        Membership.Status.ACTIVE,
        day - datetime.timedelta(days=1),
    )
    assert upgrade.credit_balance() == 20
    assert any(referent.email in message.to for message in mailoutbox)


def test_approving_from_a_day_asks_again_without_a_valid_day(staff_client):
    application = MembershipFactory(status=Membership.Status.PENDING)

    page = run_admin_action(
        staff_client, "approve_from", [application], starts_on="31/02/2026", _confirmed="1"
    )

    assert 'id="id_starts_on"' in page.content.decode()
    assert page.context["form"].errors["starts_on"]
    application.refresh_from_db()
    assert application.status == Membership.Status.PENDING


def test_approving_from_a_day_says_why_an_application_is_refused(staff_client):
    today = timezone.localdate()
    later = MembershipFactory(
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=394),
    )
    application = MembershipFactory(
        organisation=later.organisation, status=Membership.Status.PENDING
    )

    response = run_admin_action(
        staff_client,
        "approve_from",
        [application],
        starts_on=today.isoformat(),
        _confirmed="1",
    )

    application.refresh_from_db()
    assert application.status == Membership.Status.PENDING
    html = response.content.decode()
    assert f"{application}:" in html
    assert "Adesioni approvate" not in html
