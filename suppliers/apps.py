from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    """Suppliers and cultural operators with their ratings."""

    name = "suppliers"
    verbose_name = _("Suppliers")
