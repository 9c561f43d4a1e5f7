from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """People, organisations, memberships and the access policy every other app leans on."""

    name = "members"
    verbose_name = _("Members")
