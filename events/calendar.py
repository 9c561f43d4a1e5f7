"""iCalendar files of events: one event to add to a calendar, and the feed of upcoming ones.

Times are written in Europe/Rome with the time zone's definition inside the file, so that a
calendar anywhere shows the hour the event starts in Italy.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import ROME
from portal.lib.markdown import markdown_to_text

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _site_url() -> str:
    return settings.PORTAL_SITE_URL.rstrip("/")


def _component(event) -> CalendarEvent:
    url = _site_url() + event.get_absolute_url()
    component = CalendarEvent()
    component.add("uid", f"event-{event.pk}@{urlsplit(_site_url()).hostname or 'localhost'}")
    component.add("dtstamp", timezone.now())
    component.add("dtstart", timezone.localtime(event.starts_at, ROME))
    component.add("dtend", timezone.localtime(event.ends_at, ROME))
    component.add("summary", event.title)
    component.add("description", f"{markdown_to_text(event.description)}\n\n{url}".strip())
    component.add("url", url)
    place = event.place()
    if place:
        component.add("location", place)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if event.organisation_id:
        component.add("organizer", url, parameters={"cn": event.organisation.name})
    return component


def calendar_bytes(events, *, name: str = "") -> bytes:
    """An iCalendar file holding `events` (with their organisation and province fetched)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Rete delle Reti//Portale//IT")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_component(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()
