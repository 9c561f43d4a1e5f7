"""The base of every app's sitemap (`<app>/sitemaps.py`): what a visitor may read, in both
languages with their alternates, newest change first; the portal composes them in sitemap.xml."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap


class PublicSitemap(Sitemap):
    """Lists `visible(AnonymousUser())`: set `visible` to the model's visible queryset's maker,
    e.g. `lambda visitor: Supplier.objects.visible_to(visitor)`."""

    i18n = True
    alternates = True
    x_default = True
    limit = 5000

    def visible(self, visitor):
        raise NotImplementedError

    def items(self):
        return self.visible(AnonymousUser()).order_by("pk")

    def lastmod(self, item):
        return getattr(item, "updated_at", None)
