"""The main navigation: one entry per area of the portal, shown in the header and the footer.

Each app adds its entry here when it lands (Buone pratiche, Documenti, Fornitori, Servizi,
Notizie, Eventi), in the order the header shows them.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    # The URL namespace whose pages count as this entry's section, for the active marker.
    section: str = ""
    # Other apps' namespaces whose pages belong to the same section.
    other_sections: tuple[str, ...] = ()
    # Pages of a namespace shared with other entries that belong to this one.
    other_views: tuple[str, ...] = ()


# No "Home" entry: the portal's name in the header and the breadcrumb lead home, and the
# entries must fit one line on a laptop's screen.
MAIN_NAVIGATION = [
    NavEntry("practices:practice-list", _("Good practices"), section="practices"),
    NavEntry("documents:document-list", _("Documents"), section="documents"),
    # The mapping survey is filled in from an organisation's page, its report read from the list.
    NavEntry(
        "members:organisation-list",
        _("Organisations"),
        section="members",
        other_sections=("mapping",),
    ),
    NavEntry("mapping:network-map", _("Map of the network")),
    NavEntry("suppliers:supplier-list", _("Suppliers"), section="suppliers"),
    NavEntry("services:service-list", _("Services"), section="services"),
    NavEntry("events:event-list", _("Events"), section="events"),
    NavEntry("portal:news-list", _("News"), other_views=("portal:news-detail",)),
    NavEntry("portal:about", _("The network")),
]


def main_navigation(request):
    """The entries with their URL in the active language and whether the page is in them."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    namespace = match.namespace if match else ""
    # A page that is an entry of its own is that entry's only, not its section's too.
    exact = any(view_name == entry.url_name for entry in MAIN_NAVIGATION)
    return [
        {
            "url": reverse(entry.url_name),
            "label": entry.label,
            "active": view_name == entry.url_name
            or view_name in entry.other_views
            or (
                not exact
                and (
                    bool(entry.section and namespace == entry.section)
                    or namespace in entry.other_sections
                )
            ),
        }
        for entry in MAIN_NAVIGATION
    ]
