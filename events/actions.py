"""Every change to events' data goes through a function here: views, the admin and the demo data
call them.

A registration takes a seat while the event's row is locked, so that two people taking the last
seat at the same moment cannot both get it: the second one goes on the waiting list. A seat freed
by a cancellation goes to the first on the waiting list, who is told by e-mail.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.calendar import calendar_bytes
from events.models import Event, Registration, new_certificate_code
from members.access import can_access
from portal.lib.errors import ActionError, refuse_other_fields
from portal.lib.notify import notify
from portal.lib.slugs import save_with_unique_slug

# What staff write in the admin; the search vector, tags' words and slug are kept here.
EDITABLE_FIELDS = [
    "title",
    "description",
    "kind",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "municipality",
    "province",
    "region",
    "online_url",
    "organisation",
    "capacity",
    "registration_deadline",
    "training_hours",
    "access_level",
    "tags",
    "is_published",
    "is_cancelled",
]


class EventError(ActionError):
    """A refused change to an event or a registration."""


def _refuse_unless_staff(user) -> None:
    if not (user.is_authenticated and user.is_staff):
        raise EventError(_("Only the network staff can do this."), code="not_staff")


def save_event(*, event: Event | None = None, by, data: dict) -> Event:
    """Creates an event (when `event` is None) or changes the fields of `data`, and refreshes
    its search vector."""
    _refuse_unless_staff(by)
    refuse_other_fields(data, EDITABLE_FIELDS, EventError)
    data = dict(data)
    tags = data.pop("tags", None)
    with transaction.atomic():
        creating = event is None
        event = event or Event()
        for name, value in data.items():
            setattr(event, name, value)
        if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
            raise EventError(
                _("An event cannot end before it starts."),
                code="ends_before_start",
                field="ends_at",
            )
        if creating:
            save_with_unique_slug(event, event.title, fallback="evento")
        else:
            event.save()
        if tags is not None:
            event.tags.set(tags)
            event.tag_text = " ".join(sorted(str(tag) for tag in tags))[:1000]
            event.save(update_fields=["tag_text"])
        Event.objects.filter(pk=event.pk).refresh_search_vectors()
    return event


def _ics_attachment(event):
    return [(f"{event.slug}.ics", calendar_bytes([event]), "text/calendar")]


def refuse_registration(event: Event, person, now=None) -> None:
    """Raises `EventError` when `person` may not register to `event` now."""
    now = now or timezone.now()
    if not event.is_published:
        raise EventError(_("This event is not published."), code="not_published")
    if event.is_cancelled:
        raise EventError(_("This event is cancelled."), code="cancelled")
    if now >= event.starts_at:
        raise EventError(_("The event has already started."), code="started")
    if now >= event.closes_at:
        raise EventError(_("Registrations for this event are closed."), code="closed")
    if not can_access(person, event.access_level):
        raise EventError(
            _("This event is open to %(level)s.") % {"level": event.get_access_level_display()},
            code="access",
        )


def register(*, event: Event, person) -> Registration:
    """Registers `person`: a confirmed seat, or a place on the waiting list when the event is
    full. The person gets an e-mail, with the event as a calendar file when the seat is theirs."""
    with transaction.atomic():
        # The lock makes registrations to one event wait for each other: seats are counted
        # by one of them at a time.
        event = Event.objects.select_for_update().get(pk=event.pk)
        refuse_registration(event, person)
        existing = Registration.objects.filter(event=event, person=person).first()
        if existing is not None and existing.is_active:
            raise EventError(
                _("You are already registered to this event."), code="already_registered"
            )
        taken = Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).count()
        full = event.capacity is not None and taken >= event.capacity
        status = Registration.Status.WAITING if full else Registration.Status.CONFIRMED
        registration = existing or Registration(event=event, person=person)
        registration.status = status
        registration.registered_at = timezone.now()
        registration.cancelled_at = None
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            raise EventError(
                _("You are already registered to this event."), code="already_registered"
            ) from error
        registration.event = event
        if status == Registration.Status.CONFIRMED:
            notify(
                to=person,
                template="events/emails/registration_confirmed",
                context={"event": event, "registration": registration},
                attachments=_ics_attachment(event),
            )
        else:
            notify(
                to=person,
                template="events/emails/registration_waiting",
                context={"event": event, "registration": registration},
            )
    return registration


def cancel_registration(*, registration: Registration, by) -> Registration:
    """Cancels a registration (the person's own, or any for staff) before the event starts; a
    seat it frees goes to the first on the waiting list, who is e-mailed."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_related("person").get(pk=registration.pk)
        registration.event = event
        if not (by.is_authenticated and (by.pk == registration.person_id or by.is_staff)):
            raise EventError(_("Only the person registered can cancel it."), code="not_yours")
        if not registration.is_active:
            raise EventError(_("This registration is already cancelled."), code="already_cancelled")
        if event.starts_at <= timezone.now():
            raise EventError(_("The event has already started."), code="started")
        freed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if freed and not event.is_cancelled:
            _promote_first_waiting(event)
    return registration


def _promote_first_waiting(event: Event) -> Registration | None:
    taken = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()
    if event.capacity is not None and taken >= event.capacity:
        return None
    first = (
        Registration.objects.filter(event=event).waiting_order().select_related("person").first()
    )
    if first is None:
        return None
    first.status = Registration.Status.CONFIRMED
    first.save(update_fields=["status"])
    notify(
        to=first.person,
        template="events/emails/registration_promoted",
        context={"event": event, "registration": first},
        attachments=_ics_attachment(event),
    )
    return first


def mark_attendance(*, registrations, attended: bool, by) -> int:
    """Staff record who attended (or not) among confirmed registrations of events that have
    started; an attendee gets a certificate code. Returns how many registrations changed."""
    _refuse_unless_staff(by)
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        rows = (
            Registration.objects.filter(pk__in=[registration.pk for registration in registrations])
            .select_related("event")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        for registration in rows:
            if registration.status != Registration.Status.CONFIRMED:
                raise EventError(
                    _("“%(registration)s” is not a confirmed registration.")
                    % {"registration": registration},
                    code="not_confirmed",
                )
            if registration.event.starts_at > now:
                raise EventError(
                    _("Attendance is recorded once the event has started."), code="not_started"
                )
            registration.attended = attended
            registration.attendance_marked_at = now
            registration.attendance_marked_by = by
            if attended and not registration.certificate_code:
                registration.certificate_code = _free_code()
            registration.save(
                update_fields=[
                    "attended",
                    "attendance_marked_at",
                    "attendance_marked_by",
                    "certificate_code",
                ]
            )
            changed += 1
    return changed


def _free_code() -> str:
    while True:
        code = new_certificate_code()
        if not Registration.objects.filter(certificate_code=code).exists():
            return code
