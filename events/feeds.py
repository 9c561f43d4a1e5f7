"""Feeds of public events: RSS and Atom for readers, and an iCalendar feed of the upcoming ones
to subscribe to in a calendar."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.calendar import CONTENT_TYPE, calendar_bytes
from events.models import Event
from portal.lib.markdown import markdown_to_text

FEED_LENGTH = 30
CALENDAR_LENGTH = 200


def public_events():
    # A feed is public: what a visitor may open, whoever's reader fetches it.
    return Event.objects.visible_to(AnonymousUser()).select_related("organisation", "province")


class UpcomingEventsFeed(Feed):
    title = gettext_lazy("Events of the Rete delle Reti")
    description = gettext_lazy("Courses, conferences, meetings and webinars of the network.")

    def link(self):
        return reverse("events:event-list")

    def items(self):
        return public_events().upcoming()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return markdown_to_text(item.description)

    def item_author_name(self, item):
        return item.organisation.name if item.organisation_id else None

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]


class UpcomingEventsAtomFeed(UpcomingEventsFeed):
    feed_type = Atom1Feed
    subtitle = UpcomingEventsFeed.description


def calendar_feed(request):
    """The upcoming public events as one iCalendar file, to subscribe to."""
    events = public_events().upcoming()[:CALENDAR_LENGTH]
    content = calendar_bytes(events, name=_("Events of the Rete delle Reti"))
    return HttpResponse(content, content_type=CONTENT_TYPE)
