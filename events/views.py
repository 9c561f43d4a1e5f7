"""The pages of events: the lists of upcoming and past events, an event's page with its
registration, the person's registrations, calendar files, certificates and their verification.

A page fetches an event through `_get_listed_event` (404 when it is not published) and, for its
content and registration, checks `Event.is_open_to` (the locked page, which says what would
open it). The rules live in `EventQuerySet.listed_to/visible_to` alone.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from events import actions
from events.actions import EventError
from events.calendar import CONTENT_TYPE, calendar_bytes
from events.certificates import certificate_pdf
from events.filters import EventFilter
from events.forms import VerifyForm
from events.models import Event, Registration
from members.access import access_scope, locked
from portal.lib.downloads import safe_filename
from portal.lib.pagecache import remember
from portal.lib.pagination import LenientPaginationMixin
from portal.lib.ratelimit import limited


def _get_listed_event(request, slug, queryset=None) -> Event:
    queryset = Event.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.listed_to(request.user), slug=slug)


def _locked(request, event):
    return locked(
        request,
        event.access_level,
        subject=event.title,
        section=(_("Events"), reverse("events:event-list")),
    )


class EventListView(LenientPaginationMixin, FilterView):
    """Upcoming events, soonest first; `past = True` lists those that are over, newest first."""

    filterset_class = EventFilter
    template_name = "events/event_list.html"
    paginate_by = 12
    past = False

    def get_queryset(self):
        events = Event.objects.listed_to(self.request.user).for_cards()
        return events.past() if self.past else events.upcoming()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["past"] = self.past
        context["list_url"] = reverse("events:past-list" if self.past else "events:event-list")
        return context

    def list_scope(self):
        # The cards show which events the person may open (their search snippets, too).
        return access_scope(self.request.user)


def _registration_of(event, user):
    """The person's registration to the event, read only when they have one: which events they
    registered to is kept under the content version."""
    if not user.is_authenticated:
        return None
    registered = remember(
        f"event-registrations:{user.pk}",
        lambda: frozenset(
            Registration.objects.filter(person=user).values_list("event_id", flat=True)
        ),
    )
    if event.pk not in registered:
        return None
    return Registration.objects.filter(event=event, person=user).with_waiting_position().first()


def event_detail(request, slug):
    """An event's page. Its description and facts are a fragment kept per content version and
    per what changes them for the person (whether the online link is theirs to see, whether
    registrations are open); the event's place, organiser and tags are read only when it is
    not kept. The seats taken are kept too; the registration card is the person's."""
    event = _get_listed_event(request, slug, Event.objects.defer("search_vector"))
    user = request.user
    if not event.is_open_to(user):
        return _locked(request, event)
    registration = _registration_of(event, user)
    seats_taken = remember(
        f"event-seats:{event.pk}",
        lambda: (
            Event.objects.with_seats_taken()
            .filter(pk=event.pk)
            .values_list("confirmed_count", flat=True)
            .get()
        ),
    )
    facts = SimpleLazyObject(
        lambda: (
            Event.objects.select_related("organisation", "region", "province")
            .prefetch_related("tags")
            .get(pk=event.pk)
        )
    )
    is_full = event.capacity is not None and seats_taken >= event.capacity
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "facts": facts,
            "registration": registration if registration and registration.is_active else None,
            "past_registration": registration,
            "shows_link": user.is_staff
            or (registration is not None and registration.status == Registration.Status.CONFIRMED),
            "is_full": is_full,
            "seats_left": None if event.capacity is None else max(event.capacity - seats_taken, 0),
            "is_open": event.is_registration_open(),
            "can_cancel": registration is not None and registration.can_cancel(user),
            # Called by the template, only when its fragment is not kept.
            "json_ld": lambda: _json_ld(request, facts),
        },
    )


def _json_ld(request, event) -> dict:
    """The event as schema.org describes it, for search engines."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.local_start.isoformat(),
        "endDate": event.local_end.isoformat(),
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
    }
    if event.venue or event.municipality:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        data["location"] = {
            "@type": "Place",
            "name": event.venue or event.municipality,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.address,
                "addressLocality": event.municipality,
                "addressRegion": event.region.name if event.region_id else "",
                "addressCountry": "IT",
            },
        }
    elif event.online_url:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": event.online_url}
    if event.organisation_id:
        data["organizer"] = {
            "@type": "Organization",
            "name": event.organisation.name,
            "url": request.build_absolute_uri(event.organisation.get_absolute_url()),
        }
    return data


@login_required
@require_POST
@limited("event_registrations")
def event_register(request, slug):
    event = _get_listed_event(request, slug)
    if not event.is_open_to(request.user):
        return _locked(request, event)
    try:
        registration = actions.register(event=event, person=request.user)
    except EventError as error:
        messages.error(request, str(error))
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(
                request, _("You are registered: the confirmation is on its way by e-mail.")
            )
        else:
            messages.success(
                request,
                _(
                    "The event is full: you are on the waiting list, and we will write to you "
                    "if a seat frees up."
                ),
            )
    return redirect(event)


@login_required
@require_POST
@limited("event_registrations")
def registration_cancel(request, slug):
    event = _get_listed_event(request, slug)
    registration = get_object_or_404(Registration, event=event, person=request.user)
    try:
        actions.cancel_registration(registration=registration, by=request.user)
    except EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your registration is cancelled."))
    if request.POST.get("next") == "mine":
        return redirect("events:my-registrations")
    return redirect(event)


def event_calendar(request, slug):
    """The event as an iCalendar file, to add it to one's calendar."""
    event = _get_listed_event(
        request, slug, Event.objects.select_related("organisation", "province")
    )
    if not event.is_open_to(request.user):
        return _locked(request, event)
    response = HttpResponse(calendar_bytes([event]), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(event.slug)}.ics"'
    return response


@login_required
def certificate_download(request, slug):
    registration = get_object_or_404(
        Registration.objects.select_related("event", "person").filter(
            attended=True, certificate_code__isnull=False
        ),
        event__slug=slug,
        person=request.user,
    )
    response = HttpResponse(certificate_pdf(registration), content_type="application/pdf")
    filename = safe_filename(f"attestato-{registration.event.slug}.pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def my_registrations(request):
    now = timezone.now()
    registrations = (
        Registration.objects.filter(person=request.user)
        .select_related("event", "event__region", "event__province")
        .with_waiting_position()
    )
    upcoming = registrations.active().filter(event__ends_at__gte=now).order_by("event__starts_at")
    past = registrations.filter(
        event__ends_at__lt=now, status=Registration.Status.CONFIRMED
    ).order_by("-event__starts_at")
    return render(
        request,
        "events/my_registrations.html",
        {"upcoming": list(upcoming), "past": list(past[:50])},
    )


def certificate_verify(request):
    """Anyone types a certificate's code and sees whose it is, for which event and how long."""
    form = VerifyForm(request.GET or None)
    registration = None
    searched = False
    if form.is_valid():
        searched = True
        registration = (
            Registration.objects.select_related("event", "person")
            .filter(certificate_code=form.cleaned_data["code"], attended=True)
            .first()
        )
    return render(
        request,
        "events/certificate_verify.html",
        {"form": form, "registration": registration, "searched": searched},
    )
