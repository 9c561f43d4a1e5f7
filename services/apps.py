from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    """The catalogue of network services and their requests."""

    name = "services"
    verbose_name = _("Services")
