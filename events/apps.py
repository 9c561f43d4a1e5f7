from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Events and training: registrations, waiting lists, calendars and certificates."""

    name = "events"
    verbose_name = _("Events")
