"""Published practices in the portal's sitemap."""

from portal.lib.sitemaps import PublicSitemap
from practices.models import Practice


class PracticeSitemap(PublicSitemap):
    def visible(self, visitor):
        return Practice.objects.visible_to(visitor).published().only("slug", "updated_at")
