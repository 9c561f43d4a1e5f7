from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The shell of the site: layout, home, search, news, editable pages, and the shared
    database setup."""

    name = "portal"

    def ready(self):
        from portal.lib.pagecache import connect_signals, scheduled_change
        from portal.models import News

        connect_signals()
        # A scheduled news post shows on cached pages at its publication time.
        scheduled_change(News.objects.next_publication)
