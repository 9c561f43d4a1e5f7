"""The services catalogue in the portal's sitemap."""

from portal.lib.sitemaps import PublicSitemap
from services.models import Service


class ServiceSitemap(PublicSitemap):
    def visible(self, visitor):
        return Service.objects.visible_to(visitor).only("slug")
