"""Staff run the workflows from the admin: its actions call the same functions as the site."""

import pytest
from django.urls import reverse

from members.models import CreditEntry, Membership, Organisation, Role
from tests.factories import MembershipFactory, OrganisationFactory, RoleFactory
from tests.pages import run_admin_action

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
