from django.urls import path
from django.utils.translation import gettext_lazy as _

from events import feeds, views
from portal.lib.pagecache import cache_for_visitors

app_name = "events"

urlpatterns = [
    path(_("events/"), cache_for_visitors(views.EventListView.as_view()), name="event-list"),
    # Before events/<slug>/, so that no event's slug can shadow them.
    path(
        _("events/past/"),
        cache_for_visitors(views.EventListView.as_view(past=True)),
        name="past-list",
    ),
    path(_("events/my-registrations/"), views.my_registrations, name="my-registrations"),
    path(_("events/verify-certificate/"), views.certificate_verify, name="certificate-verify"),
    path(_("events/feed/rss/"), feeds.UpcomingEventsFeed(), name="event-feed-rss"),
    path(_("events/feed/atom/"), feeds.UpcomingEventsAtomFeed(), name="event-feed-atom"),
    path(_("events/feed/calendar.ics"), feeds.calendar_feed, name="event-feed-ics"),
    path(_("events/<slug:slug>/"), cache_for_visitors(views.event_detail), name="event-detail"),
    path(_("events/<slug:slug>/register/"), views.event_register, name="event-register"),
    path(_("events/<slug:slug>/cancel/"), views.registration_cancel, name="registration-cancel"),
    path(_("events/<slug:slug>/calendar.ics"), views.event_calendar, name="event-calendar"),
    path(
        _("events/<slug:slug>/certificate/"),
        views.certificate_download,
        name="certificate-download",
    ),
]
