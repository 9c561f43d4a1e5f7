"""The portal's own pages in the sitemap: the home page, the editable pages, published news."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal.lib.sitemaps import PublicSitemap
from portal.models import News, Page


class HomeSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["portal:home"]

    def location(self, item):
        return reverse(item)


class PageSitemap(PublicSitemap):
    changefreq = "monthly"

    def visible(self, visitor):
        return Page.objects.only("key", "updated_at")


class NewsSitemap(PublicSitemap):
    changefreq = "weekly"

    def visible(self, visitor):
        return News.objects.visible_to(visitor).only("slug", "updated_at")
