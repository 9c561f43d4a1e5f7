"""The organisations' public pages in the portal's sitemap."""

from members.models import Organisation
from portal.lib.sitemaps import PublicSitemap


class OrganisationSitemap(PublicSitemap):
    def visible(self, visitor):
        return Organisation.objects.visible_to(visitor).only("slug", "updated_at")
