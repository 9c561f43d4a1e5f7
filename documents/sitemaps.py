"""The documents a visitor may open, in the portal's sitemap."""

from documents.models import Document
from portal.lib.sitemaps import PublicSitemap


class DocumentSitemap(PublicSitemap):
    def visible(self, visitor):
        return Document.objects.visible_to(visitor).only("slug", "updated_at")
