"""Template tags through which other pages show events (the home page, the person's area, an
organisation's page), and the filter that writes an event's structured data. Each tag runs its
own query, so that the pages' apps import nothing from this one."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import mark_safe

from events.models import Event, Registration

register = template.Library()

HOME_SHOWN = 4
PERSON_SHOWN = 10
ORGANISATION_SHOWN = 6

# What would end a <script> data block or open markup inside it, written as JSON escapes.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data) -> str:
    """`data` as JSON safe inside <script type="application/ld+json">: a title holding
    `</script>` stays text."""
    return mark_safe(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    )


@register.inclusion_tag("events/_home_events.html")
def home_events():
    """The next public events, the same for everyone, so that the home page can be kept for
    all alike."""
    events = (
        Event.objects.filter(is_published=True, access_level="public")
        .upcoming()
        .select_related("region", "province")[:HOME_SHOWN]
    )
    return {"events": events}


@register.inclusion_tag("events/_person_registrations.html")
def person_event_registrations(person):
    """The person's registrations to events not yet over, with their place on a waiting list."""
    registrations = list(
        Registration.objects.filter(person=person, event__ends_at__gte=timezone.now())
        .active()
        .with_waiting_position()
        .select_related("event")
        .order_by("event__starts_at", "pk")[:PERSON_SHOWN]
    )
    return {"registrations": registrations, "person": person}


@register.inclusion_tag("events/_organisation_events.html", takes_context=True)
def organisation_events(context, organisation):
    """The upcoming events an organisation organises, as far as the person may list them."""
    user = context["request"].user
    events = list(
        Event.objects.listed_to(user)
        .filter(organisation=organisation)
        .upcoming()
        .select_related("region", "province")[:ORGANISATION_SHOWN]
    )
    return {"organisation": organisation, "events": events}
