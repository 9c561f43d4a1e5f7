"""Published suppliers in the portal's sitemap."""

from portal.lib.sitemaps import PublicSitemap
from suppliers.models import Supplier


class SupplierSitemap(PublicSitemap):
    def visible(self, visitor):
        return Supplier.objects.visible_to(visitor).only("slug", "updated_at")
