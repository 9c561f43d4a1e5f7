"""The workflow of a service request, its thread, and the credits it takes.

submitted → accepted or declined → in progress → completed; the organisation may cancel until
work starts. Each step is a `RequestEvent` with its author and is e-mailed to the other side:
the organisation's referents when the network moves, the assigned staff member (or every staff
member, before one is assigned) when the organisation does. Credits are taken at acceptance in
the same transaction, with the package's row locked by `members`, and refunded when an accepted
request is declined or cancelled.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.actions.memberships import CreditError, refund_credits, take_credits
from members.models import Organisation
from portal.lib.downloads import safe_filename
from portal.lib.errors import refuse_other_fields
from portal.lib.notify import notify, staff_to_notify
from portal.lib.uploads import FileTypeValidator
from services.actions import ServiceError, refuse_unless_staff
from services.models import (
    ATTACHMENT_FORMATS,
    ATTACHMENT_MAX_BYTES,
    Attachment,
    Condition,
    Message,
    RequestEvent,
    ServiceRequest,
    active_membership,
)

Status = ServiceRequest.Status
MAX_ATTACHMENTS = 5


def _lock(request) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update().get(pk=request.pk)


def _refuse_unless_status(request, *statuses, doing):
    if request.status not in statuses:
        raise ServiceError(
            _("A request that is “%(status)s” cannot be %(doing)s."),
            code="wrong_status",
            params={"status": request.get_status_display(), "doing": doing},
        )


def _checked_files(files) -> list:
    files = [file for file in files or [] if file]
    if len(files) > MAX_ATTACHMENTS:
        raise ServiceError(
            _("Attach at most %(count)d files to one message."),
            code="too_many_files",
            params={"count": MAX_ATTACHMENTS},
            field="attachments",
        )
    validate = FileTypeValidator(ATTACHMENT_FORMATS, max_bytes=ATTACHMENT_MAX_BYTES)
    for file in files:
        try:
            validate(file)
        except ValidationError as error:
            raise ServiceError(
                f"{file.name}: {error.messages[0]}", code=error.code, field="attachments"
            ) from None
    return files


def _record(request, kind, *, by, note="") -> RequestEvent:
    return RequestEvent.objects.create(request=request, kind=kind, author=by, note=note)


def _network_side(request):
    """Who hears of what the organisation does: the assigned staff member, else all staff."""
    if request.assigned_staff_id and request.assigned_staff.is_active:
        return [request.assigned_staff]
    return staff_to_notify()


def _tell_organisation(request, template, **context):
    notify(
        to=request.organisation.referents(),
        template=f"services/emails/{template}",
        context={"request": request, **context},
    )


def _tell_network(request, template, **context):
    notify(
        to=_network_side(request),
        template=f"services/emails/{template}",
        context={"request": request, **context},
    )


# Sending and cancelling (the organisation) ----------------------------------------------------


def submit_request(*, service, organisation, by, data: dict, files=()) -> ServiceRequest:
    """An organisation's referent asks for `service`, on the terms its membership gives today;
    the files go with the request's first message."""
    refuse_other_fields(data, ServiceRequest.EDITABLE_FIELDS, ServiceError)
    if not Organisation.objects.managed_by(by).filter(pk=organisation.pk).exists():
        raise ServiceError(
            _("Only the referents of %(organisation)s can request services for it."),
            code="not_a_referent",
            params={"organisation": organisation.name},
            field="organisation",
        )
    if not service.is_active:
        raise ServiceError(_("This service is no longer offered."), code="not_offered")
    terms = service.terms_for(active_membership(organisation))
    if not terms.can_request:
        raise ServiceError(
            _(
                "%(organisation)s cannot request this service with its membership: it is open "
                "to official members and package holders."
            ),
            code="not_available",
            params={"organisation": organisation.name},
            field="organisation",
        )
    files = _checked_files(files)
    with transaction.atomic():
        request = ServiceRequest(
            service=service,
            organisation=organisation,
            requested_by=by,
            condition=terms.condition,
            price=terms.price,
            credits=terms.credits,
            awaiting=ServiceRequest.Awaiting.NETWORK,
            **data,
        )
        request.full_clean()
        request.save()
        _record(request, RequestEvent.Kind.SUBMITTED, by=by)
        if files:
            _attach(_message(request, by=by, body=request.description), files)
        _tell_network(request, "request_submitted")
    return request


def cancel_request(*, request, by, note: str = "") -> ServiceRequest:
    """The organisation withdraws its request before work starts; taken credits come back."""
    with transaction.atomic():
        request = _lock(request)
        if not request.organisation.can_edit(by):
            raise ServiceError(
                _("Only the referents of the organisation can cancel its request."),
                code="not_a_referent",
            )
        _refuse_unless_status(
            request, Status.SUBMITTED, Status.ACCEPTED, doing=_("cancelled once work started")
        )
        _refund(request, by=by)
        request.status = Status.CANCELLED
        request.awaiting = ServiceRequest.Awaiting.NOBODY
        request.save(update_fields=["status", "awaiting", "credits_taken", "updated_at"])
        _record(request, RequestEvent.Kind.CANCELLED, by=by, note=note.strip())
        _tell_network(request, "request_cancelled", note=note.strip())
    return request


# Moving it on (the network) -------------------------------------------------------------------


def accept_request(*, request, by, note: str = "") -> ServiceRequest:
    """Staff accept the request; one that costs credits takes them now, in this transaction, and
    is refused when the package has not enough left."""
    refuse_unless_staff(by)
    with transaction.atomic():
        request = _lock(request)
        _refuse_unless_status(request, Status.SUBMITTED, doing=_("accepted"))
        if request.condition == Condition.CREDITS and request.credits:
            try:
                take_credits(
                    organisation=request.organisation,
                    amount=request.credits,
                    reference=request.credit_reference,
                    by=by,
                )
            except CreditError as error:
                raise ServiceError(str(error), code=error.code) from None
            request.credits_taken = request.credits
        request.status = Status.ACCEPTED
        request.awaiting = ServiceRequest.Awaiting.NOBODY
        request.save(update_fields=["status", "credits_taken", "awaiting", "updated_at"])
        _record(request, RequestEvent.Kind.ACCEPTED, by=by, note=note.strip())
        _tell_organisation(request, "request_accepted", note=note.strip())
    return request


def decline_request(*, request, by, reason: str) -> ServiceRequest:
    """Staff decline the request with a reason, before work starts; taken credits come back."""
    refuse_unless_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("Say why the request is declined: the organisation will read it."),
            code="reason_required",
            field="reason",
        )
    with transaction.atomic():
        request = _lock(request)
        _refuse_unless_status(request, Status.SUBMITTED, Status.ACCEPTED, doing=_("declined"))
        _refund(request, by=by)
        request.status = Status.DECLINED
        request.decline_reason = reason
        request.awaiting = ServiceRequest.Awaiting.NOBODY
        request.save(
            update_fields=["status", "decline_reason", "credits_taken", "awaiting", "updated_at"]
        )
        _record(request, RequestEvent.Kind.DECLINED, by=by, note=reason)
        _tell_organisation(request, "request_declined", reason=reason)
    return request


def start_request(*, request, by, note: str = "") -> ServiceRequest:
    refuse_unless_staff(by)
    with transaction.atomic():
        request = _lock(request)
        _refuse_unless_status(request, Status.ACCEPTED, doing=_("started"))
        request.status = Status.IN_PROGRESS
        request.save(update_fields=["status", "updated_at"])
        _record(request, RequestEvent.Kind.STARTED, by=by, note=note.strip())
        _tell_organisation(request, "request_started", note=note.strip())
    return request


def complete_request(*, request, by, note: str = "") -> ServiceRequest:
    refuse_unless_staff(by)
    with transaction.atomic():
        request = _lock(request)
        _refuse_unless_status(request, Status.IN_PROGRESS, doing=_("completed"))
        request.status = Status.COMPLETED
        request.awaiting = ServiceRequest.Awaiting.NOBODY
        request.save(update_fields=["status", "awaiting", "updated_at"])
        _record(request, RequestEvent.Kind.COMPLETED, by=by, note=note.strip())
        _tell_organisation(request, "request_completed", note=note.strip())
    return request


def assign_request(*, request, by, staff_member=None, expert=None) -> ServiceRequest:
    """Staff assign who works on the request: a staff member, an expert of the roster, or both.
    The assigned expert is told and, with an account, sees the request and its thread."""
    refuse_unless_staff(by)
    if staff_member is not None and not (staff_member.is_staff and staff_member.is_active):
        raise ServiceError(
            _("Only an active member of the network staff can be assigned."),
            code="not_staff_member",
            field="staff_member",
        )
    if expert is not None and not expert.is_active:
        raise ServiceError(
            _("%(expert)s is no longer on the roster."),
            code="expert_not_active",
            params={"expert": expert.name},
            field="expert",
        )
    with transaction.atomic():
        request = _lock(request)
        if not request.is_open:
            raise ServiceError(
                _("A closed request cannot be assigned."), code="wrong_status", field=None
            )
        changed_expert = expert is not None and expert.pk != request.assigned_expert_id
        request.assigned_staff = staff_member
        request.assigned_expert = expert
        request.save(update_fields=["assigned_staff", "assigned_expert", "updated_at"])
        names = [str(person) for person in (staff_member, expert) if person is not None]
        _record(request, RequestEvent.Kind.ASSIGNED, by=by, note=", ".join(names))
        if staff_member is not None and staff_member != by:
            notify(
                to=staff_member,
                template="services/emails/request_assigned",
                context={"request": request},
            )
        if changed_expert:
            notify(
                to=expert, template="services/emails/request_assigned", context={"request": request}
            )
    return request


# The thread ------------------------------------------------------------------------------------


def _message(request, *, by, body, is_internal=False) -> Message:
    return Message.objects.create(
        request=request,
        author=by,
        body=body,
        from_network=request.is_network_side(by),
        is_internal=is_internal,
    )


def _attach(message, files) -> None:
    for file in files:
        attachment = Attachment(message=message, name=safe_filename(file.name), size=file.size)
        attachment.file.save(file.name, file, save=False)
        attachment.save()


def post_message(*, request, by, body: str, files=(), is_internal: bool = False) -> Message:
    """A message in the request's thread, told to the other side; or, from staff, an internal
    note that no one else reads and no one is told of."""
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write a message."), code="empty", field="body")
    if is_internal and not (by.is_authenticated and by.is_staff):
        raise ServiceError(_("Only the network staff write internal notes."), code="not_staff")
    if not request.can_write(by):
        raise ServiceError(
            _("The thread of a closed request is read-only."), code="closed", field="body"
        )
    files = _checked_files(files)
    with transaction.atomic():
        request = _lock(request)
        message = _message(request, by=by, body=body, is_internal=is_internal)
        _attach(message, files)
        if not is_internal:
            if message.from_network:
                request.awaiting = ServiceRequest.Awaiting.ORGANISATION
                _tell_organisation(request, "request_message", message=message)
            else:
                request.awaiting = ServiceRequest.Awaiting.NETWORK
                _tell_network(request, "request_message", message=message)
            request.save(update_fields=["awaiting", "updated_at"])
    return message


def _refund(request, *, by) -> None:
    if request.credits_taken:
        try:
            refund_credits(
                organisation=request.organisation,
                amount=request.credits_taken,
                reference=request.credit_reference,
                by=by,
            )
        except CreditError as error:
            raise ServiceError(str(error), code=error.code) from None
        request.credits_taken = 0
