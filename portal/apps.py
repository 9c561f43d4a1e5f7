from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The shell of the site: layout, home, search, static pages, and the shared database setup."""

    name = "portal"

    def ready(self):
        from portal.lib.pagecache import connect_signals

        connect_signals()
