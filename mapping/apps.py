from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    """The yearly mapping survey of library systems, its invitations and its report."""

    name = "mapping"
    verbose_name = _("Mapping of library systems")
