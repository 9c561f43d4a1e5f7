"""People's roles in organisations: asking to join, deciding, leaving.

Every change goes through one function here, called by the views and the admin alike. Each one
refuses an illegal move with a `RoleError` before it changes anything, runs in one transaction,
and tells the people it concerns by e-mail once that transaction commits.

A role is asked for (pending), then approved or rejected by an approved referent of the
organisation or by staff; the first referent of an organisation, who has nobody above them, is
approved by staff. An approved person may leave, or be removed by a referent, unless they are the
organisation's last referent: someone must always be able to manage it.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation, Role
from portal.lib.errors import ActionError
from portal.lib.notify import notify, staff_to_notify


class RoleError(ActionError):
    """A refused change to a person's role in an organisation."""


# Joining an organisation -------------------------------------------------------------------


def request_role(*, organisation, user, kind, message="") -> Role:
    """Ask for a role in an approved organisation; its referents (or staff) are told."""
    with transaction.atomic():
        organisation = _lock(organisation.pk)
        if organisation.status != Organisation.Status.APPROVED:
            raise RoleError(
                _("%(organisation)s is awaiting approval: nobody can join it yet."),
                code="organisation_not_approved",
                params={"organisation": organisation.name},
            )
        role = open_role(organisation=organisation, user=user, kind=kind, message=message)
        referents = list(organisation.referents())
        notify(
            to=referents or staff_to_notify(),
            template="members/emails/role_requested",
            context={
                "role": role,
                "organisation": organisation,
                "person": user,
                "first_referent": not referents,
            },
        )
    return role


def approve_role(*, role, by) -> Role:
    """Approve a pending request; the person is told."""
    with transaction.atomic():
        organisation = _lock(role.organisation_id)
        role = _refresh(role, organisation)
        _check_maydecide_role(organisation, by, first_referent=True)
        _check_pending(role)
        if organisation.status != Organisation.Status.APPROVED:
            raise RoleError(
                _(
                    "%(organisation)s is awaiting approval: approve the organisation, and its "
                    "referent is approved with it."
                ),
                code="organisation_not_approved",
                params={"organisation": organisation.name},
            )
        decide_role(role, Role.Status.APPROVED, by)
        notify(
            to=role.user,
            template="members/emails/role_approved",
            context={"role": role, "organisation": organisation},
        )
    return role


def reject_role(*, role, by, reason) -> Role:
    """Reject a pending request with a reason, which the person is told."""
    reason = (reason or "").strip()
    with transaction.atomic():
        organisation = _lock(role.organisation_id)
        role = _refresh(role, organisation)
        _check_maydecide_role(organisation, by, first_referent=True)
        _check_pending(role)
        _check_reason(reason)
        decide_role(role, Role.Status.REJECTED, by, reason=reason)
        notify(
            to=role.user,
            template="members/emails/role_rejected",
            context={"role": role, "organisation": organisation},
        )
    return role


def leave_organisation(*, role, by) -> Role:
    """The person gives up their role, or withdraws a request nobody has decided yet; the
    organisation's remaining referents are told when an approved role ends."""
    with transaction.atomic():
        organisation = _lock(role.organisation_id)
        role = _refresh(role, organisation)
        if by.pk != role.user_id:
            raise RoleError(_("Only the person who holds a role can leave it."), code="not_yours")
        if role.status == Role.Status.PENDING:
            # Nothing to hand over and nobody to tell: the request simply ends.
            decide_role(role, Role.Status.LEFT, by)
            return role
        _check_may_end(role)
        decide_role(role, Role.Status.LEFT, by)
        notify(
            to=organisation.referents(),
            template="members/emails/role_left",
            context={"role": role, "organisation": organisation, "person": role.user},
        )
    return role


def remove_role(*, role, by) -> Role:
    """A referent or staff take someone's role away; the person is told."""
    with transaction.atomic():
        organisation = _lock(role.organisation_id)
        role = _refresh(role, organisation)
        _check_maydecide_role(organisation, by)
        _check_may_end(role)
        decide_role(role, Role.Status.LEFT, by)
        notify(
            to=role.user,
            template="members/emails/role_removed",
            context={"role": role, "organisation": organisation},
        )
    return role


# Helpers -----------------------------------------------------------------------------------


def _lock(organisation_pk) -> Organisation:
    # Every change to an organisation's roles locks the organisation's row first, so that two
    # referents leaving at the same moment cannot both see the other one as the successor.
    return Organisation.objects.select_for_update().get(pk=organisation_pk)


def _refresh(role, organisation) -> Role:
    # The state the decision is taken on is the one in the database now, not the one the page
    # showed (another referent may have decided in between).
    role = Role.objects.select_related("user").get(pk=role.pk)
    role.organisation = organisation
    return role


def open_role(*, organisation, user, kind, message) -> Role:
    """Adds a pending role, inside the caller's transaction (with the organisation locked);
    refuses a person who already holds or asked for one there."""
    if not user.is_authenticated:
        raise RoleError(_("Log in to join an organisation."), code="anonymous")
    if kind not in Role.Kind.values:
        raise RoleError(_("Choose a role."), code="bad_kind", field="kind")
    existing = organisation.roles.open().filter(user=user).first()
    if existing:
        raise _already_has_role(existing, organisation)
    try:
        # A savepoint: the unique constraint catches a request sent twice at the same moment.
        with transaction.atomic():
            return Role.objects.create(
                organisation=organisation,
                user=user,
                kind=kind,
                status=Role.Status.PENDING,
                message=(message or "").strip(),
            )
    except IntegrityError:
        existing = organisation.roles.filter(user=user).exclude(
            status__in=[Role.Status.REJECTED, Role.Status.LEFT]
        )
        raise _already_has_role(existing.first(), organisation) from None


def _already_has_role(role, organisation) -> RoleError:
    if role is not None and role.status == Role.Status.APPROVED:
        return RoleError(
            _("You already hold a role in %(organisation)s: %(kind)s."),
            code="already_member",
            params={"kind": role.get_kind_display().lower(), "organisation": organisation.name},
        )
    return RoleError(
        _("You have already asked to join %(organisation)s: your request is awaiting approval."),
        code="already_asked",
        params={"organisation": organisation.name},
    )


def _check_maydecide_role(organisation, by, *, first_referent=False) -> None:
    if by.is_authenticated and by.is_staff:
        return
    referents = organisation.referents()
    if first_referent and not referents.exists():
        raise RoleError(
            _(
                "The first referent of an organisation is approved by the network's staff; "
                "they have been told of the request."
            ),
            code="first_referent",
        )
    if not by.is_authenticated or not referents.filter(pk=by.pk).exists():
        raise RoleError(
            _("Only the referents of %(organisation)s and the network's staff can do this."),
            code="not_referent",
            params={"organisation": organisation.name},
        )


def _check_pending(role) -> None:
    if role.status != Role.Status.PENDING:
        raise RoleError(
            _("This request has already been decided: it is %(status)s."),
            code="already_decided",
            params={"status": role.get_status_display().lower()},
        )


def _check_reason(reason) -> None:
    if not reason:
        raise RoleError(
            _("Give a reason: the person will read it."), code="no_reason", field="reason"
        )


def _check_may_end(role) -> None:
    if role.status != Role.Status.APPROVED:
        raise RoleError(
            _("Only an approved role can end: this one is %(status)s."),
            code="not_approved",
            params={"status": role.get_status_display().lower()},
        )
    if role.kind != Role.Kind.REFERENT:
        return
    others = role.organisation.roles.approved().filter(kind=Role.Kind.REFERENT).exclude(pk=role.pk)
    if not others.exists():
        raise RoleError(
            _(
                "%(person)s is the last referent of %(organisation)s, so the organisation would "
                "have nobody to manage it: approve another referent first, then try again."
            ),
            code="last_referent",
            params={"person": role.user, "organisation": role.organisation.name},
        )


def pending_referents(organisation):
    """The requests to be a referent of `organisation` that nobody has decided yet."""
    return organisation.roles.pending().filter(kind=Role.Kind.REFERENT).select_related("user")


def decide_role(role, status, by, *, reason="") -> None:
    """Records a decision on a role, inside the caller's transaction."""
    role.status = status
    role.decided_by = by
    role.decided_at = timezone.now()
    if reason:
        role.rejection_reason = reason
    role.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
