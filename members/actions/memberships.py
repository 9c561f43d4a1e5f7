"""Membership workflow and the credit ledger of service packages.

An organisation applies (`apply_for_membership`), staff approve or reject the application, an
active membership runs for a year and expires (`expire_memberships`, with a reminder a month
before: `send_renewal_reminders`). A package with credits is granted them on approval; the
services app takes and refunds them only through `take_credits` and `refund_credits`, and staff
correct a balance with `adjust_credits`; each locks the membership row so that the balance never
goes below zero.

Every function here is keyword-only, runs in one transaction, refuses an illegal state with a
`MembershipError` before it changes anything, and tells the people concerned by e-mail once the
transaction commits.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import (
    AdmissionRule,
    CreditEntry,
    Membership,
    Organisation,
    OrganisationKind,
)
from members.validators import canonical_code, validate_cig, validate_ipa_office_code
from portal.lib.errors import ActionError
from portal.lib.notify import notify, staff_to_notify

RENEWAL_NOTICE_DAYS = 30

# The plural names the admission messages need; the model's choice labels are singular.
KIND_PLURALS = {
    OrganisationKind.LIBRARY_SYSTEM: gettext_lazy("library systems"),
    OrganisationKind.LIBRARY: gettext_lazy("libraries"),
    OrganisationKind.SCHOOL_LIBRARY: gettext_lazy("school libraries"),
    OrganisationKind.ACADEMIC_LIBRARY: gettext_lazy("academic libraries"),
    OrganisationKind.SPECIAL_LIBRARY: gettext_lazy("special libraries"),
    OrganisationKind.MUSEUM: gettext_lazy("museums"),
    OrganisationKind.ASSOCIATION: gettext_lazy("associations"),
    OrganisationKind.REGIONAL_OFFICE: gettext_lazy("regional offices"),
    OrganisationKind.OTHER: gettext_lazy("other organisations"),
}
TIER_MEMBERS = {
    Membership.Tier.OFFICIAL: gettext_lazy("official members"),
    Membership.Tier.PACKAGE: gettext_lazy("service package holders"),
}

EXCLUSION_CONSTRAINT = "membership_one_active_at_a_time"


class MembershipError(ActionError):
    """A membership or credit action refused, with a message the person can act on; `field`
    names the input at fault, when there is one."""


class CreditError(MembershipError):
    """Credits could not be taken or refunded."""


# Reads the actions and the pages share --------------------------------------------------------


def period_from(starts_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """A one-year period: 1 March 2026 runs to 28 February 2027, both days included."""
    try:
        next_year = starts_on.replace(year=starts_on.year + 1)
    except ValueError:  # 29 February
        next_year = datetime.date(starts_on.year + 1, 3, 1)
    return starts_on, next_year - datetime.timedelta(days=1)


def next_start(organisation, today: datetime.date | None = None) -> datetime.date:
    """When a new membership can start: today, or the day after the active ones end."""
    today = today or timezone.localdate()
    last_end = Membership.objects.filter(
        organisation=organisation, status=Membership.Status.ACTIVE, ends_on__gte=today
    ).aggregate(last_end=Max("ends_on"))["last_end"]
    return last_end + datetime.timedelta(days=1) if last_end else today


def admission_refusal(kind: str, tier: str) -> str | None:
    """Why the network does not admit organisations of `kind` for `tier` yet, or None if it does.

    The message says what is open now and whom to write to, so the person knows where they stand.
    """
    if AdmissionRule.is_admitted(kind, tier):
        return None
    open_kinds = set(
        AdmissionRule.objects.filter(tier=tier, is_open=True).values_list("kind", flat=True)
    )
    # In the order of the kinds' choices, which reads better than the table's.
    names = [str(KIND_PLURALS[k]) for k in OrganisationKind.values if k in open_kinds]
    values = {
        "kinds": KIND_PLURALS[kind],
        "tier": TIER_MEMBERS[tier],
        "open": get_text_list(names, _("and")),
        "email": settings.PORTAL_CONTACT_EMAIL,
    }
    if names:
        return (
            _(
                "The network does not yet admit %(kinds)s as %(tier)s: for now, applications are "
                "open to %(open)s. If your organisation would like to take part, write to the "
                "secretariat at %(email)s."
            )
            % values
        )
    return (
        _(
            "The network does not yet admit %(kinds)s as %(tier)s: for now, applications for it "
            "are closed to every kind of organisation. If your organisation would like to take "
            "part, write to the secretariat at %(email)s."
        )
        % values
    )


def credit_balance(organisation, on: datetime.date | None = None) -> int:
    """The credits left in the organisation's active package (today, or `on`); 0 if none."""
    on = on or timezone.localdate()
    return CreditEntry.objects.filter(
        membership__in=_active_credit_package(organisation, on)
    ).aggregate(balance=Coalesce(Sum("amount"), 0))["balance"]


# The workflow ---------------------------------------------------------------------------------


def apply_for_membership(
    *,
    organisation,
    tier,
    by,
    starts_on=None,
    pledged_hours_per_month=None,
    credits=None,
    is_flat_rate=False,
    note="",
    cig="",
    determina_number="",
    determina_date=None,
    ipa_code="",
) -> Membership:
    """Record an organisation's application for official or package membership, pending review.

    The period is one year from `starts_on`: by default today, or the day after the current
    active membership ends (a renewal or an upgrade). A public body buying a package may give
    the details of its purchase (`Membership.PURCHASE_FIELDS`). The applicant and staff are told.
    """
    today = timezone.localdate()
    note = (note or "").strip()
    with transaction.atomic():
        # Locking the organisation serialises two applications sent at the same moment.
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not organisation.can_edit(by):
            raise MembershipError(
                _("Only the organisation's referents can apply for its membership."),
                code="not_referent",
            )
        if organisation.status != Organisation.Status.APPROVED:
            raise MembershipError(
                _(
                    "The network has not approved %(organisation)s yet: it can apply for "
                    "membership once it is approved."
                )
                % {"organisation": organisation},
                code="organisation_not_approved",
            )
        if tier not in Membership.Tier.values:
            raise MembershipError(
                _("Choose official membership or a service package."), code="bad_tier", field="tier"
            )
        if refusal := admission_refusal(organisation.kind, tier):
            raise MembershipError(refusal, code="not_admitted", field="tier")
        pending = organisation.memberships.filter(status=Membership.Status.PENDING).first()
        if pending:
            raise MembershipError(
                _(
                    "%(organisation)s already has an application awaiting review (%(tier)s, sent "
                    "on %(date)s): the network's staff will answer it before a new one can be "
                    "sent."
                )
                % {
                    "organisation": organisation,
                    "tier": pending.get_tier_display(),
                    "date": _format_date(timezone.localtime(pending.created_at).date()),
                },
                code="already_pending",
            )
        _check_terms(tier, pledged_hours_per_month, credits, is_flat_rate)
        purchase = _purchase_details(
            tier,
            cig=cig,
            determina_number=determina_number,
            determina_date=determina_date,
            ipa_code=ipa_code,
        )
        earliest = next_start(organisation, today)
        if starts_on is None:
            starts_on = earliest
        elif starts_on < today and not by.is_staff:
            raise MembershipError(
                _("The membership cannot start in the past."),
                code="starts_in_past",
                field="starts_on",
            )
        elif starts_on < earliest and not by.is_staff:
            # Approval would move it anyway; better the applicant knows now than finds out later.
            raise MembershipError(
                _(
                    "The current membership of %(organisation)s runs until %(end)s: a new "
                    "one can start from %(start)s."
                )
                % {
                    "organisation": organisation,
                    "end": _format_date(earliest - datetime.timedelta(days=1)),
                    "start": _format_date(earliest),
                },
                code="starts_inside_current",
                field="starts_on",
            )

        starts_on, ends_on = period_from(starts_on)
        membership = Membership.objects.create(
            organisation=organisation,
            tier=tier,
            status=Membership.Status.PENDING,
            starts_on=starts_on,
            ends_on=ends_on,
            pledged_hours_per_month=pledged_hours_per_month or None,
            credits=credits if tier == Membership.Tier.PACKAGE and not is_flat_rate else None,
            is_flat_rate=tier == Membership.Tier.PACKAGE and is_flat_rate,
            applied_by=by,
            # The applicant's note is for the staff who review the application.
            staff_notes=note,
            **purchase,
        )
        context = _mail_context(membership, note=note)
        notify(to=by, template="members/emails/membership_received", context=context)
        notify(
            to=staff_to_notify(),
            template="members/emails/membership_submitted",
            context={**context, "applicant": by},
        )
    return membership


def approve_membership(*, membership, by, starts_on=None) -> Membership:
    """Activate a pending application (staff only) and tell the organisation's referents.

    If another active membership of the organisation overlaps the new period, the new one starts
    the day after the current one ends; when staff give a `starts_on` inside the current period,
    the new one replaces the current one from that day, which is cut short to end the day before.
    A package with credits is granted them. Updates and returns `membership`.
    """
    _require_staff(by, _("Only the network's staff can approve a membership."))
    today = timezone.localdate()
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
        membership.refresh_from_db(from_queryset=Membership.objects.select_for_update())
        _require_status(
            membership,
            [Membership.Status.PENDING],
            _("Only a pending application can be approved; this membership is %(status)s."),
        )
        active = list(
            organisation.memberships.filter(status=Membership.Status.ACTIVE).exclude(
                pk=membership.pk
            )
        )
        replaced = []
        if starts_on is None:
            start, end = period_from(membership.starts_on)
            last_end = max((m.ends_on for m in active if m.ends_on >= start), default=None)
            if last_end:
                start, end = period_from(last_end + datetime.timedelta(days=1))
        else:
            start, end = period_from(starts_on)
            replaced = [m for m in active if m.starts_on <= end and m.ends_on >= start]
            later = [m for m in replaced if m.starts_on >= start]
            if later:
                raise MembershipError(
                    _(
                        "Another active membership of %(organisation)s starts on %(date)s, after "
                        "the day you chose: cancel it first, or choose a later start."
                    )
                    % {"organisation": organisation, "date": _format_date(later[0].starts_on)},
                    code="later_membership",
                )
        if end < today:
            raise MembershipError(
                _(
                    "The period of this application, from %(start)s to %(end)s, is already over: "
                    "choose a new start date."
                )
                % {"start": _format_date(start), "end": _format_date(end)},
                code="period_over",
            )

        for current in replaced:
            current.ends_on = start - datetime.timedelta(days=1)
            if current.ends_on < today:
                current.status = Membership.Status.EXPIRED
            current.save(update_fields=["ends_on", "status"])
            if current.status == Membership.Status.EXPIRED:
                _expire_credits(current, by=by)

        membership.status = Membership.Status.ACTIVE
        membership.starts_on, membership.ends_on = start, end
        membership.decided_by = by
        membership.decided_at = timezone.now()
        try:
            # A savepoint, so that the refusal below leaves the transaction usable to roll back.
            with transaction.atomic():
                membership.save(
                    update_fields=["status", "starts_on", "ends_on", "decided_by", "decided_at"]
                )
        except IntegrityError as error:
            # The last guard: another approval for this organisation slipped in between.
            if _constraint_name(error) != EXCLUSION_CONSTRAINT:
                raise
            raise MembershipError(
                _(
                    "%(organisation)s already has an active membership in that period: "
                    "choose another start date."
                )
                % {"organisation": organisation},
                code="overlapping_membership",
            ) from error
        if membership.tier == Membership.Tier.PACKAGE and membership.credits:
            CreditEntry.objects.create(
                membership=membership,
                kind=CreditEntry.Kind.GRANT,
                amount=membership.credits,
                created_by=by,
            )
        notify(
            to=organisation.referents(),
            template="members/emails/membership_approved",
            context=_mail_context(membership, replaced=replaced),
        )
    return membership


def reject_membership(*, membership, by, reason) -> Membership:
    """Turn down a pending application (staff only) with a reason the applicant is told."""
    _require_staff(by, _("Only the network's staff can reject an application."))
    reason = (reason or "").strip()
    if not reason:
        raise MembershipError(
            _("Say why the application is rejected: the applicant will read it."),
            code="no_reason",
            field="reason",
        )
    with transaction.atomic():
        membership.refresh_from_db(from_queryset=Membership.objects.select_for_update())
        _require_status(
            membership,
            [Membership.Status.PENDING],
            _("Only a pending application can be rejected; this membership is %(status)s."),
        )
        membership.status = Membership.Status.REJECTED
        membership.rejection_reason = reason
        membership.decided_by = by
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
        organisation = membership.organisation
        applicant = [membership.applied_by] if membership.applied_by else []
        notify(
            to=[*applicant, *organisation.referents()],
            template="members/emails/membership_rejected",
            context=_mail_context(membership),
        )
    return membership


def cancel_membership(*, membership, by) -> Membership:
    """Cancel an active membership or a pending application (staff only).

    What is left of a package's credits expires; the organisation's referents are told.
    """
    _require_staff(by, _("Only the network's staff can cancel a membership."))
    with transaction.atomic():
        membership.refresh_from_db(from_queryset=Membership.objects.select_for_update())
        _require_status(
            membership,
            [Membership.Status.ACTIVE, Membership.Status.PENDING],
            _(
                "Only an active membership or a pending application can be cancelled; this "
                "membership is %(status)s."
            ),
        )
        was_active = membership.status == Membership.Status.ACTIVE
        membership.status = Membership.Status.CANCELLED
        membership.save(update_fields=["status"])
        if was_active:
            _expire_credits(membership, by=by)
        organisation = membership.organisation
        notify(
            to=organisation.referents(),
            template="members/emails/membership_cancelled",
            context=_mail_context(membership),
        )
    return membership


def expire_memberships(*, today=None) -> int:
    """Mark active memberships whose period has ended as expired; returns how many.

    What is left of a package's credits expires, and the referents are told. Safe to run twice
    and in parallel: each membership is claimed with a conditional update, so only one run
    expires it.
    """
    today = today or timezone.localdate()
    ended = Q(status=Membership.Status.ACTIVE, ends_on__lt=today)
    count = 0
    for pk in Membership.objects.filter(ended).values_list("pk", flat=True):
        with transaction.atomic():
            if not Membership.objects.filter(ended, pk=pk).update(status=Membership.Status.EXPIRED):
                continue  # another run got there first
            membership = Membership.objects.select_related("organisation").get(pk=pk)
            _expire_credits(membership, by=None)
            organisation = membership.organisation
            notify(
                to=organisation.referents(),
                template="members/emails/membership_expired",
                context=_mail_context(
                    membership,
                    successor=Membership.objects.active(today)
                    .filter(organisation=organisation)
                    .first(),
                ),
            )
            count += 1
    return count


def send_renewal_reminders(*, today=None) -> int:
    """Remind the referents of memberships that end within 30 days to renew; returns how many.

    Each membership is reminded once (`reminder_sent_at`), and not at all when the organisation
    has already applied again or has its next membership lined up.
    """
    today = today or timezone.localdate()
    due = Q(
        status=Membership.Status.ACTIVE,
        reminder_sent_at__isnull=True,
        ends_on__gte=today,
        ends_on__lte=today + datetime.timedelta(days=RENEWAL_NOTICE_DAYS),
    )
    following = Membership.objects.filter(organisation=OuterRef("organisation")).filter(
        Q(status=Membership.Status.PENDING)
        | Q(status=Membership.Status.ACTIVE, starts_on__gt=OuterRef("ends_on"))
    )
    count = 0
    candidates = Membership.objects.filter(due).exclude(Exists(following))
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            if not Membership.objects.filter(due, pk=pk).update(reminder_sent_at=timezone.now()):
                continue  # another run got there first
            membership = Membership.objects.select_related("organisation").get(pk=pk)
            organisation = membership.organisation
            notify(
                to=organisation.referents(),
                template="members/emails/membership_renewal_reminder",
                context=_mail_context(
                    membership, renewal_starts_on=membership.ends_on + datetime.timedelta(days=1)
                ),
            )
            count += 1
    return count


# Credits --------------------------------------------------------------------------------------


def take_credits(*, organisation, amount: int, reference: str, by) -> CreditEntry:
    """Take `amount` credits from the organisation's active package for `reference`.

    The package's membership row is locked, so two takers at the same moment run one after the
    other and the balance never goes below zero.
    """
    _require_positive(amount)
    _require_reference(reference)
    with transaction.atomic():
        membership = _lock_credit_package(organisation)
        balance = membership.credit_balance()
        if amount > balance:
            raise CreditError(
                _(
                    "%(organisation)s has %(balance)d credits left, not enough for the "
                    "%(amount)d this needs."
                )
                % {"organisation": organisation, "balance": balance, "amount": amount},
                code="not_enough_credits",
            )
        return CreditEntry.objects.create(
            membership=membership,
            kind=CreditEntry.Kind.TAKE,
            amount=-amount,
            reference=reference,
            created_by=by,
        )


def refund_credits(*, organisation, amount: int, reference: str, by) -> CreditEntry:
    """Give back credits taken for `reference` from the active package, no more than were taken."""
    _require_positive(amount)
    _require_reference(reference)
    with transaction.atomic():
        membership = _lock_credit_package(organisation)
        moved = membership.credit_entries.filter(
            reference=reference, kind__in=[CreditEntry.Kind.TAKE, CreditEntry.Kind.REFUND]
        ).aggregate(net=Coalesce(Sum("amount"), 0))["net"]
        refundable = -moved
        if amount > refundable:
            raise CreditError(
                _(
                    "Only %(refundable)d credits taken for “%(reference)s” can be refunded, "
                    "not %(amount)d."
                )
                % {"refundable": refundable, "reference": reference, "amount": amount},
                code="refund_too_large",
            )
        return CreditEntry.objects.create(
            membership=membership,
            kind=CreditEntry.Kind.REFUND,
            amount=amount,
            reference=reference,
            created_by=by,
        )


def adjust_credits(*, membership, amount: int, reason: str, by) -> CreditEntry:
    """Add credits to an active package, or take some away, for the reason given (staff only).

    A correction, a gift, a service settled otherwise: the referents read the reason in the
    package's ledger and are told by e-mail. The membership row is locked, as for any other
    movement, so the balance never goes below zero.
    """
    _require_staff(
        by, _("Only the network's staff can adjust a package's credits."), error=CreditError
    )
    if not isinstance(amount, int) or isinstance(amount, bool) or amount == 0:
        raise CreditError(
            _(
                "Say by how many credits the balance changes: a whole number, above zero to add "
                "credits, below zero to take them away."
            ),
            code="bad_amount",
            field="amount",
        )
    reason = (reason or "").strip()
    if not reason:
        raise CreditError(
            _("Say why the credits are adjusted: the organisation's referents will read it."),
            code="no_reason",
            field="reason",
        )
    with transaction.atomic():
        locked = (
            _active_credit_package(membership.organisation_id, timezone.localdate())
            .filter(pk=membership.pk)
            .select_for_update()
            .first()
        )
        if locked is None:
            raise CreditError(
                _(
                    "Only the credits of an active service package with credits can be adjusted, "
                    "and %(membership)s is not one."
                )
                % {"membership": membership},
                code="no_credit_package",
            )
        balance = locked.credit_balance()
        if balance + amount < 0:
            raise CreditError(
                _(
                    "%(organisation)s has %(balance)d credits left: taking %(amount)d away would "
                    "leave the balance below zero."
                )
                % {"organisation": locked.organisation, "balance": balance, "amount": -amount},
                code="not_enough_credits",
                field="amount",
            )
        entry = CreditEntry.objects.create(
            membership=locked,
            kind=CreditEntry.Kind.ADJUST,
            amount=amount,
            reason=reason,
            created_by=by,
        )
        notify(
            to=locked.organisation.referents(),
            template="members/emails/credits_adjusted",
            context=_mail_context(
                locked,
                entry=entry,
                added=max(amount, 0),
                taken=max(-amount, 0),
                balance=balance + amount,
            ),
        )
    return entry


# Helpers --------------------------------------------------------------------------------------


def _active_credit_package(organisation, on):
    return Membership.objects.active(on).filter(
        organisation=organisation, tier=Membership.Tier.PACKAGE, credits__isnull=False
    )


def _lock_credit_package(organisation) -> Membership:
    membership = (
        _active_credit_package(organisation, timezone.localdate()).select_for_update().first()
    )
    if membership is None:
        raise CreditError(
            _("%(organisation)s has no active service package with credits.")
            % {"organisation": organisation},
            code="no_credit_package",
        )
    return membership


def _expire_credits(membership, *, by) -> None:
    """Write off what is left of a package's credits when its period ends or it is cancelled."""
    if membership.tier != Membership.Tier.PACKAGE or membership.credits is None:
        return
    balance = membership.credit_balance()
    if balance > 0:
        CreditEntry.objects.create(
            membership=membership, kind=CreditEntry.Kind.EXPIRE, amount=-balance, created_by=by
        )


def _check_terms(tier, pledged_hours_per_month, credits, is_flat_rate) -> None:
    if tier == Membership.Tier.OFFICIAL:
        if not pledged_hours_per_month or pledged_hours_per_month <= 0:
            raise MembershipError(
                _(
                    "Official members pledge working time to the network: say how many "
                    "hours a month."
                ),
                code="no_pledge",
                field="pledged_hours_per_month",
            )
        if credits or is_flat_rate:
            raise MembershipError(
                _("Credits and flat rates are for service packages."),
                code="credits_not_for_official",
                field="credits",
            )
    elif is_flat_rate and credits:
        raise MembershipError(
            _("A package grants credits or is a flat rate, not both."),
            code="credits_and_flat_rate",
            field="credits",
        )
    elif not is_flat_rate and (not credits or credits <= 0):
        raise MembershipError(
            _("Say how many service credits the package needs, or choose a flat rate."),
            code="no_credits",
            field="credits",
        )


def _require_staff(by, message, error=MembershipError) -> None:
    if not (by and by.is_authenticated and by.is_staff):
        raise error(message, code="not_staff")


def _purchase_details(tier, **details) -> dict:
    """The details of a package's purchase, with its codes in their stored form; refuses a code
    of the wrong shape, and any detail on an application for official membership."""
    details["cig"] = canonical_code(details["cig"])
    details["ipa_code"] = canonical_code(details["ipa_code"])
    details["determina_number"] = (details["determina_number"] or "").strip()
    if tier == Membership.Tier.OFFICIAL and any(details.values()):
        raise MembershipError(
            _("The details of a purchase (CIG, determina, IPA code) are for service packages."),
            code="purchase_not_for_official",
            field="cig",
        )
    for name, validate in [("cig", validate_cig), ("ipa_code", validate_ipa_office_code)]:
        if details[name]:
            try:
                validate(details[name])
            except ValidationError as error:
                raise MembershipError(error.messages[0], code=error.code, field=name) from None
    return details


def _require_status(membership, allowed, message) -> None:
    if membership.status not in allowed:
        raise MembershipError(
            message % {"status": membership.get_status_display().lower()}, code="bad_status"
        )


def _require_positive(amount) -> None:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise CreditError(
            _("The number of credits must be a whole number above zero."), code="bad_amount"
        )


def _require_reference(reference) -> None:
    if not (reference or "").strip():
        raise CreditError(
            _("Say what the credits are for: a refund needs the same reference."),
            code="no_reference",
        )


def _constraint_name(error: IntegrityError) -> str | None:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


def _mail_context(membership, **extra) -> dict:
    return {
        "membership": membership,
        "organisation": membership.organisation,
        "contact_email": settings.PORTAL_CONTACT_EMAIL,
        **extra,
    }


def _format_date(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")
