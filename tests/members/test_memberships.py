"""Memberships: applications, staff decisions, renewal reminders, expiry and package credits.

The workflow runs through the actions in `members.actions.memberships` (as the admin and the daily
job call them) and through the referents' pages. E-mails leave when the action's transaction
commits, so each step runs inside `committing()`.
"""

import datetime
import io
import re
import threading
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from members.actions.memberships import (
    CreditError,
    MembershipError,
    apply_for_membership,
    approve_membership,
    cancel_membership,
    credit_balance,
    expire_memberships,
    refund_credits,
    reject_membership,
    send_renewal_reminders,
    take_credits,
)
from members.models import (
    AdmissionRule,
    CreditEntry,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
)
from tests.factories import MembershipFactory, OrganisationFactory, RoleFactory
from tests.pages import assert_refused

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _today():
    return timezone.localdate()


def _organisation_of(person) -> Organisation:
    return person.roles.get().organisation


def _apply(organisation, by, **terms):
    terms.setdefault("tier", Membership.Tier.OFFICIAL)
    if terms["tier"] == Membership.Tier.OFFICIAL:
        terms.setdefault("pledged_hours_per_month", 8)
    return apply_for_membership(organisation=organisation, by=by, **terms)


def _grant(membership, credits=20):
    """A package as approval leaves it: its credits granted."""
    return CreditEntry.objects.create(
        membership=membership, kind=CreditEntry.Kind.GRANT, amount=credits
    )


def _ledger(membership):
    return list(membership.credit_entries.values_list("kind", "amount", "reference"))


def _link_in(message):
    """The path of the portal link in an e-mail's text."""
    return urlsplit(re.search(r"https?://\S+", message.body).group(0)).path


def _in_english(url_name, *args):
    with translation.override("en"):
        return reverse(url_name, args=args)


# The whole workflow


def test_application_approval_reminder_and_expiry_each_tell_the_people_concerned(
    other_referent, staff, mailoutbox, committing
):
    organisation = _organisation_of(other_referent)
    list_path = reverse("members:membership-list", args=[organisation.slug])

    with committing():
        membership = _apply(organisation, other_referent, note="Contiamo di partecipare.")
    assert membership.status == Membership.Status.PENDING
    assert membership.starts_on == _today()
    assert (membership.ends_on - membership.starts_on).days in (364, 365)  # one year
    received, submitted = mailoutbox
    assert received.to == [other_referent.email]
    assert organisation.name in received.subject
    assert _link_in(received) == list_path
    assert submitted.to == [staff.email]
    assert organisation.name in submitted.subject
    assert "Contiamo di partecipare." in submitted.body
    assert _link_in(submitted) == f"/admin/members/membership/{membership.pk}/change/"

    mailoutbox.clear()
    with committing():
        approve_membership(membership=membership, by=staff)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.decided_by == staff
    assert membership.decided_at is not None
    [approved] = mailoutbox
    assert approved.to == [other_referent.email]
    assert date_format(membership.ends_on, "DATE_FORMAT") in approved.body
    assert _link_in(approved) == list_path

    mailoutbox.clear()
    with committing():
        assert send_renewal_reminders(today=membership.ends_on - 31 * DAY) == 0
        assert send_renewal_reminders(today=membership.ends_on - 30 * DAY) == 1
    [reminder] = mailoutbox
    assert reminder.to == [other_referent.email]
    assert date_format(membership.ends_on, "DATE_FORMAT") in reminder.subject
    assert _link_in(reminder) == reverse("members:membership-apply", args=[organisation.slug])

    mailoutbox.clear()
    with committing():
        assert expire_memberships(today=membership.ends_on) == 0
        assert expire_memberships(today=membership.ends_on + DAY) == 1
    membership.refresh_from_db()
    assert membership.status == Membership.Status.EXPIRED
    [expired] = mailoutbox
    assert expired.to == [other_referent.email]
    assert organisation.name in expired.subject


def test_emails_speak_the_recipients_language(other_referent, staff, mailoutbox, committing):
    other_referent.language = "en"
    other_referent.save()
    organisation = _organisation_of(other_referent)

    with committing():
        membership = _apply(organisation, other_referent)
        approve_membership(membership=membership, by=staff)

    received, _submitted, approved = mailoutbox
    assert received.subject == (
        f"[Rete delle Reti] We received the membership application of {organisation.name}"
    )
    assert "The network's staff will review it" in received.body
    assert approved.subject == (
        f"[Rete delle Reti] The official membership of {organisation.name} is approved"
    )
    assert _link_in(approved) == _in_english("members:membership-list", organisation.slug)


def test_rejection_tells_the_applicant_the_reason(other_referent, staff, mailoutbox, committing):
    membership = _apply(_organisation_of(other_referent), other_referent)

    with committing():
        reject_membership(
            membership=membership, by=staff, reason="Manca la delibera del comitato tecnico."
        )

    membership.refresh_from_db()
    assert membership.status == Membership.Status.REJECTED
    assert membership.rejection_reason == "Manca la delibera del comitato tecnico."
    assert membership.decided_by == staff
    [rejected] = mailoutbox
    assert rejected.to == [other_referent.email]
    assert "Manca la delibera del comitato tecnico." in rejected.body


def test_rejection_needs_a_reason(other_referent, staff):
    membership = _apply(_organisation_of(other_referent), other_referent)

    with pytest.raises(MembershipError):
        reject_membership(membership=membership, by=staff, reason="  ")

    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


def test_only_staff_decide_on_applications(other_referent):
    membership = _apply(_organisation_of(other_referent), other_referent)

    with pytest.raises(MembershipError):
        approve_membership(membership=membership, by=other_referent)
    with pytest.raises(MembershipError):
        reject_membership(membership=membership, by=other_referent, reason="No.")
    with pytest.raises(MembershipError):
        cancel_membership(membership=membership, by=other_referent)

    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


def test_a_decided_application_cannot_be_approved_again(other_referent, staff):
    membership = _apply(_organisation_of(other_referent), other_referent)
    reject_membership(membership=membership, by=staff, reason="Incompleta.")

    with pytest.raises(MembershipError):
        approve_membership(membership=membership, by=staff)

    membership.refresh_from_db()
    assert membership.status == Membership.Status.REJECTED


# Who may apply, and for what


def test_library_is_told_the_network_admits_only_library_systems_for_now(base_user, settings):
    library = OrganisationFactory(kind=OrganisationKind.LIBRARY, name="Biblioteca di Lecco")
    RoleFactory(organisation=library, user=base_user)

    with translation.override("en"), pytest.raises(MembershipError) as refused:
        _apply(library, base_user)

    assert refused.value.messages == [
        "The network does not yet admit libraries as official members: for now, applications "
        "are open to library systems. If your organisation would like to take part, write to "
        f"the secretariat at {settings.PORTAL_CONTACT_EMAIL}."
    ]
    assert not library.memberships.exists()


def test_library_may_apply_once_staff_open_the_tier_to_libraries(base_user):
    library = OrganisationFactory(kind=OrganisationKind.LIBRARY)
    RoleFactory(organisation=library, user=base_user)
    AdmissionRule.objects.filter(kind=OrganisationKind.LIBRARY, tier="official").update(
        is_open=True
    )

    membership = _apply(library, base_user)

    assert membership.status == Membership.Status.PENDING
    with translation.override("en"), pytest.raises(MembershipError) as refused:
        _apply(library, base_user, tier=Membership.Tier.PACKAGE, credits=10)
    assert "libraries as service package holders" in refused.value.messages[0]


def test_a_second_application_waits_for_the_first_to_be_decided(other_referent):
    organisation = _organisation_of(other_referent)
    _apply(organisation, other_referent)

    with pytest.raises(MembershipError):
        _apply(organisation, other_referent, tier=Membership.Tier.PACKAGE, credits=10)

    assert organisation.memberships.count() == 1


def test_only_the_organisations_referents_and_staff_may_apply(
    other_referent, official_referent, staff
):
    organisation = _organisation_of(other_referent)
    collaborator = RoleFactory(organisation=organisation, kind=Role.Kind.COLLABORATOR).user
    pending_referent = RoleFactory(organisation=organisation, status=Role.Status.PENDING).user

    for outsider in [official_referent, collaborator, pending_referent]:
        with pytest.raises(MembershipError):
            _apply(organisation, outsider)
    assert not organisation.memberships.exists()

    assert _apply(organisation, staff).applied_by == staff


def test_an_organisation_awaiting_approval_cannot_apply(base_user):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    RoleFactory(organisation=organisation, user=base_user)

    with pytest.raises(MembershipError):
        _apply(organisation, base_user)


@pytest.mark.parametrize(
    ("terms", "code", "field"),
    [
        (
            {"tier": "official", "pledged_hours_per_month": None},
            "no_pledge",
            "pledged_hours_per_month",
        ),
        (
            {"tier": "official", "pledged_hours_per_month": 0},
            "no_pledge",
            "pledged_hours_per_month",
        ),
        ({"tier": "package"}, "no_credits", "credits"),
        ({"tier": "package", "credits": 0}, "no_credits", "credits"),
        (
            {"tier": "package", "credits": 10, "is_flat_rate": True},
            "credits_and_flat_rate",
            "credits",
        ),
    ],
)
def test_application_terms_must_fit_the_tier(other_referent, terms, code, field, refused):
    with refused(code, field=field):
        _apply(_organisation_of(other_referent), other_referent, **terms)


def test_a_flat_rate_package_needs_no_credits(other_referent):
    membership = _apply(
        _organisation_of(other_referent),
        other_referent,
        tier=Membership.Tier.PACKAGE,
        is_flat_rate=True,
    )

    assert (membership.credits, membership.is_flat_rate) == (None, True)


def test_an_application_cannot_start_in_the_past(other_referent, refused):
    with refused("starts_in_past", field="starts_on"):
        _apply(_organisation_of(other_referent), other_referent, starts_on=_today() - DAY)


def test_a_renewal_starts_the_day_after_the_current_membership_ends(official_referent):
    organisation = _organisation_of(official_referent)
    current = organisation.memberships.get()

    renewal = _apply(organisation, official_referent)

    assert renewal.starts_on == current.ends_on + DAY
    assert renewal.ends_on == current.ends_on.replace(year=current.ends_on.year + 1)


# Active memberships never overlap


def test_the_database_refuses_two_overlapping_active_memberships(official_referent):
    current = _organisation_of(official_referent).memberships.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(
            organisation=current.organisation,
            starts_on=current.ends_on,
            ends_on=current.ends_on + 100 * DAY,
        )


def test_approving_an_upgrade_starts_it_after_the_current_membership(official_referent, staff):
    organisation = _organisation_of(official_referent)
    current = organisation.memberships.get()
    upgrade = _apply(organisation, official_referent, tier=Membership.Tier.PACKAGE, credits=30)

    approve_membership(membership=upgrade, by=staff)

    upgrade.refresh_from_db()
    current.refresh_from_db()
    assert upgrade.status == Membership.Status.ACTIVE
    assert upgrade.starts_on == current.ends_on + DAY
    assert current.status == Membership.Status.ACTIVE
    assert current.ends_on == _today().replace(month=12, day=31)


def test_staff_may_replace_the_current_membership_from_a_date_they_choose(
    official_referent, staff, mailoutbox, committing
):
    organisation = _organisation_of(official_referent)
    # A period with room after the chosen day, whatever the date the test runs on.
    organisation.memberships.update(ends_on=_today() + 200 * DAY)
    current = organisation.memberships.get()
    upgrade = _apply(organisation, official_referent, tier=Membership.Tier.PACKAGE, credits=30)
    from_day = _today() + 10 * DAY

    with committing():
        approve_membership(membership=upgrade, by=staff, starts_on=from_day)

    upgrade.refresh_from_db()
    current.refresh_from_db()
    assert (upgrade.status, upgrade.starts_on) == (Membership.Status.ACTIVE, from_day)
    assert (current.status, current.ends_on) == (Membership.Status.ACTIVE, from_day - DAY)
    [approved] = mailoutbox
    assert date_format(from_day - DAY, "DATE_FORMAT") in approved.body


def test_a_package_replaced_from_today_loses_its_credits_at_once(package_referent, staff):
    organisation = _organisation_of(package_referent)
    current = organisation.memberships.get()
    _grant(current)
    renewal = _apply(organisation, package_referent, tier=Membership.Tier.PACKAGE, credits=50)

    approve_membership(membership=renewal, by=staff, starts_on=_today())

    current.refresh_from_db()
    assert current.status == Membership.Status.EXPIRED
    assert current.ends_on == _today() - DAY
    assert current.credit_balance() == 0
    assert credit_balance(organisation) == 50


def test_a_replacement_cannot_jump_over_a_later_membership(official_referent, staff):
    organisation = _organisation_of(official_referent)
    current = organisation.memberships.get()
    MembershipFactory(
        organisation=organisation,
        starts_on=current.ends_on + DAY,
        ends_on=current.ends_on + 365 * DAY,
    )
    upgrade = _apply(organisation, official_referent, tier=Membership.Tier.PACKAGE, credits=30)

    with pytest.raises(MembershipError):
        # From today, the new period would overlap the following membership as well.
        approve_membership(membership=upgrade, by=staff, starts_on=_today())

    upgrade.refresh_from_db()
    assert upgrade.status == Membership.Status.PENDING


# Package credits


def test_package_credits_are_granted_taken_refunded_and_expired(
    other_referent, staff, mailoutbox, committing
):
    organisation = _organisation_of(other_referent)
    membership = _apply(organisation, other_referent, tier=Membership.Tier.PACKAGE, credits=20)
    assert credit_balance(organisation) == 0

    approve_membership(membership=membership, by=staff)
    assert credit_balance(organisation) == 20

    take_credits(organisation=organisation, amount=8, reference="richiesta-41", by=staff)
    take_credits(organisation=organisation, amount=5, reference="richiesta-42", by=staff)
    refund_credits(organisation=organisation, amount=3, reference="richiesta-41", by=staff)
    assert credit_balance(organisation) == 10

    with committing():
        expire_memberships(today=membership.ends_on + DAY)
    assert credit_balance(organisation, on=membership.ends_on) == 0
    assert _ledger(membership) == [
        ("grant", 20, ""),
        ("take", -8, "richiesta-41"),
        ("take", -5, "richiesta-42"),
        ("refund", 3, "richiesta-41"),
        ("expire", -10, ""),
    ]
    [expired] = mailoutbox
    assert expired.to == [other_referent.email]


def test_credits_are_never_taken_below_zero(package_referent):
    organisation = _organisation_of(package_referent)
    _grant(organisation.memberships.get(), 20)
    take_credits(organisation=organisation, amount=15, reference="r1", by=package_referent)

    with translation.override("en"), pytest.raises(CreditError) as refused:
        take_credits(organisation=organisation, amount=6, reference="r2", by=package_referent)

    assert "5 credits left" in refused.value.messages[0]
    assert credit_balance(organisation) == 5
    take_credits(organisation=organisation, amount=5, reference="r2", by=package_referent)
    assert credit_balance(organisation) == 0


@pytest.mark.parametrize("amount", [0, -3])
def test_credits_are_taken_in_positive_amounts(package_referent, amount):
    organisation = _organisation_of(package_referent)
    _grant(organisation.memberships.get())

    with pytest.raises(CreditError):
        take_credits(organisation=organisation, amount=amount, reference="r", by=None)
    with pytest.raises(CreditError):
        refund_credits(organisation=organisation, amount=amount, reference="r", by=None)

    assert credit_balance(organisation) == 20


def test_no_credits_without_an_active_package_with_credits(official_referent, other_referent):
    flat_rate = MembershipFactory(package=True, credits=None, is_flat_rate=True)

    for organisation in [
        _organisation_of(official_referent),
        _organisation_of(other_referent),
        flat_rate.organisation,
    ]:
        assert credit_balance(organisation) == 0
        with pytest.raises(CreditError):
            take_credits(organisation=organisation, amount=1, reference="r", by=None)


def test_a_refund_gives_back_no_more_than_was_taken_for_its_reference(package_referent):
    organisation = _organisation_of(package_referent)
    _grant(organisation.memberships.get())
    take_credits(organisation=organisation, amount=4, reference="richiesta-7", by=None)
    take_credits(organisation=organisation, amount=4, reference="richiesta-8", by=None)
    refund_credits(organisation=organisation, amount=3, reference="richiesta-7", by=None)

    with pytest.raises(CreditError):
        refund_credits(organisation=organisation, amount=2, reference="richiesta-7", by=None)
    with pytest.raises(CreditError):
        refund_credits(organisation=organisation, amount=1, reference="richiesta-9", by=None)

    refund_credits(organisation=organisation, amount=1, reference="richiesta-7", by=None)
    assert credit_balance(organisation) == 20 - 4


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_two_takers_at_once_never_take_the_balance_below_zero():
    membership = MembershipFactory(package=True)
    _grant(membership, 20)
    organisation = membership.organisation
    start = threading.Barrier(2)
    outcomes = []

    def taker(name):
        try:
            start.wait()
            # 30 attempts between the two threads for 20 credits: the takes interleave.
            for attempt in range(15):
                try:
                    take_credits(
                        organisation=organisation, amount=1, reference=f"{name}-{attempt}", by=None
                    )
                    outcomes.append("taken")
                except CreditError:
                    outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=taker, args=(name,)) for name in ["a", "b"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("taken") == 20
    assert outcomes.count("refused") == 10
    assert credit_balance(organisation) == 0
    balances = CreditEntry.objects.filter(membership=membership).order_by("pk")
    running = 0
    for entry in balances:
        running += entry.amount
        assert running >= 0


def test_cancelling_a_package_expires_its_credits(package_referent, staff, mailoutbox, committing):
    organisation = _organisation_of(package_referent)
    membership = organisation.memberships.get()
    _grant(membership, 20)
    take_credits(organisation=organisation, amount=7, reference="r", by=None)

    with committing():
        cancel_membership(membership=membership, by=staff)

    membership.refresh_from_db()
    assert membership.status == Membership.Status.CANCELLED
    assert _ledger(membership)[-1] == ("expire", -13, "")
    assert credit_balance(organisation) == 0
    [cancelled] = mailoutbox
    assert cancelled.to == [package_referent.email]


# The daily job


def test_daily_job_is_safe_to_run_twice(
    package_referent, official_referent, mailoutbox, committing
):
    package = _organisation_of(package_referent).memberships.get()
    _grant(package, 20)
    the_day_after = package.ends_on + DAY

    with committing():
        call_command(
            "expire_memberships", today=the_day_after.isoformat(), stdout=(out := io.StringIO())
        )
        call_command(
            "expire_memberships", today=the_day_after.isoformat(), stdout=(again := io.StringIO())
        )

    assert "Memberships expired: 2" in out.getvalue()
    assert "Memberships expired: 0" in again.getvalue()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [package_referent.email, official_referent.email]
    )
    assert not Membership.objects.filter(status=Membership.Status.ACTIVE).exists()
    assert _ledger(package) == [("grant", 20, ""), ("expire", -20, "")]


def test_daily_job_reminds_each_membership_once_a_month_before_it_ends(
    official_referent, mailoutbox, committing
):
    membership = _organisation_of(official_referent).memberships.get()
    month_before = membership.ends_on - 30 * DAY

    with committing():
        call_command(
            "expire_memberships", today=month_before.isoformat(), stdout=(out := io.StringIO())
        )
        call_command(
            "expire_memberships", today=(month_before + DAY).isoformat(), stdout=io.StringIO()
        )

    assert "Renewal reminders sent: 1" in out.getvalue()
    [reminder] = mailoutbox
    assert reminder.to == [official_referent.email]
    membership.refresh_from_db()
    assert membership.reminder_sent_at is not None


def test_no_reminder_when_the_organisation_has_already_applied_again(
    official_referent, mailoutbox, committing
):
    organisation = _organisation_of(official_referent)
    membership = organisation.memberships.get()
    _apply(organisation, official_referent)
    mailoutbox.clear()

    with committing():
        assert send_renewal_reminders(today=membership.ends_on - 10 * DAY) == 0

    assert mailoutbox == []


def test_expiry_email_says_the_next_membership_continues(
    official_referent, staff, mailoutbox, committing
):
    official_referent.language = "en"
    official_referent.save()
    organisation = _organisation_of(official_referent)
    current = organisation.memberships.get()
    renewal = _apply(organisation, official_referent)
    approve_membership(membership=renewal, by=staff)
    mailoutbox.clear()

    with committing():
        assert expire_memberships(today=current.ends_on + DAY) == 1

    [expired] = mailoutbox
    assert "continues until" in expired.body


# The pages


def test_referent_applies_and_finds_the_application_in_the_list(
    client, other_referent, staff, mailoutbox, committing
):
    organisation = _organisation_of(other_referent)
    client.force_login(other_referent)

    with committing():
        response = client.post(
            _in_english("members:membership-apply", organisation.slug),
            {"tier": "package", "credits": "25", "pledged_hours_per_month": "4", "note": ""},
            follow=True,
        )

    assert response.redirect_chain == [
        (_in_english("members:membership-list", organisation.slug), 302)
    ]
    html = response.content.decode()
    assert "The application of" in html
    assert "Service package" in html
    assert "Application pending" in html
    assert "25 credits" in html
    membership = organisation.memberships.get()
    assert (membership.tier, membership.credits, membership.pledged_hours_per_month) == (
        "package",
        25,
        None,
    )
    assert len(mailoutbox) == 2


def test_apply_page_says_before_anything_is_filled_that_the_kind_is_not_admitted(client, base_user):
    library = OrganisationFactory(kind=OrganisationKind.LIBRARY)
    RoleFactory(organisation=library, user=base_user)
    client.force_login(base_user)

    response = client.get(_in_english("members:membership-apply", library.slug))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Applications are not open to your organisation yet" in html
    assert "does not yet admit libraries as official members" in html
    assert "does not yet admit libraries as service package holders" in html


def test_refused_application_shows_why_next_to_the_form_and_keeps_the_input(client, base_user):
    library = OrganisationFactory(kind=OrganisationKind.LIBRARY)
    RoleFactory(organisation=library, user=base_user)
    client.force_login(base_user)

    response = client.post(
        _in_english("members:membership-apply", library.slug),
        {"tier": "official", "pledged_hours_per_month": "12", "note": "Siamo pronti."},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="form-errors"' in html
    assert "applications are open to library systems" in html
    assert 'value="12"' in html
    assert "Siamo pronti." in html
    assert not library.memberships.exists()


def test_apply_form_puts_a_missing_term_next_to_its_field(client, other_referent):
    organisation = _organisation_of(other_referent)
    client.force_login(other_referent)

    response = client.post(
        _in_english("members:membership-apply", organisation.slug), {"tier": "official"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_pledged_hours_per_month-error"' in html
    assert not organisation.memberships.exists()


@pytest.mark.parametrize("url_name", ["members:membership-apply", "members:membership-list"])
@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("visitor", 302),
        ("base_user", 403),
        ("other_referent", 403),
        ("package_referent", 403),
        ("official_referent", 200),
        ("staff", 200),
    ],
)
def test_membership_pages_open_only_to_the_organisations_referents_and_staff(
    request, client, official_referent, url_name, person, expected
):
    organisation = _organisation_of(official_referent)
    if person != "visitor":
        client.force_login(request.getfixturevalue(person))

    response = client.get(reverse(url_name, args=[organisation.slug]))

    assert response.status_code == expected
    if expected == 302:
        assert response.url.startswith(reverse("account_login"))
    if expected == 403:
        assert_refused(response, f"Solo i referenti di {organisation.name}")


def test_membership_pages_of_an_organisation_one_cannot_see_are_not_found(client, other_referent):
    hidden = OrganisationFactory(status=Organisation.Status.PENDING)
    client.force_login(other_referent)

    for url_name in ["members:membership-apply", "members:membership-list"]:
        assert client.get(reverse(url_name, args=[hidden.slug])).status_code == 404


def test_list_shows_the_balance_and_the_ledger_of_the_active_package(client, package_referent):
    organisation = _organisation_of(package_referent)
    _grant(organisation.memberships.get(), 20)
    take_credits(organisation=organisation, amount=6, reference="Corso catalogazione", by=None)
    client.force_login(package_referent)

    response = client.get(_in_english("members:membership-list", organisation.slug))

    html = response.content.decode()
    assert "Balance: 14 credits left" in html
    assert "Corso catalogazione" in html
    assert "Taken for a service" in html


def test_list_runs_a_fixed_number_of_queries(
    client, package_referent, staff, django_assert_num_queries
):
    organisation = _organisation_of(package_referent)
    current = organisation.memberships.get()
    for years_ago in range(1, 6):
        MembershipFactory(
            organisation=organisation,
            status=Membership.Status.EXPIRED,
            starts_on=current.starts_on.replace(year=current.starts_on.year - years_ago),
            ends_on=current.ends_on.replace(year=current.ends_on.year - years_ago),
        )
    _grant(current, 20)
    for number in range(8):
        take_credits(organisation=organisation, amount=1, reference=f"r{number}", by=staff)
    client.force_login(package_referent)
    url = reverse("members:membership-list", args=[organisation.slug])

    with django_assert_num_queries(6):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == 1 + 6 + 1 + 9


def test_an_application_cannot_start_inside_the_current_membership(official_referent):
    organisation = official_referent.roles.get().organisation
    current = organisation.memberships.get()
    inside = current.ends_on - datetime.timedelta(days=10)

    with translation.override("en"), pytest.raises(MembershipError) as refused:
        apply_for_membership(
            organisation=organisation,
            tier=Membership.Tier.PACKAGE,
            by=official_referent,
            starts_on=inside,
            credits=10,
        )

    assert refused.value.field == "starts_on"
    assert "a new one can start from" in str(refused.value)
    assert not organisation.memberships.filter(status=Membership.Status.PENDING).exists()
