from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from documents.sitemaps import DocumentSitemap
from members.sitemaps import OrganisationSitemap
from portal import views
from portal.sitemaps import HomeSitemap, NewsSitemap, PageSitemap
from practices.sitemaps import PracticeSitemap
from services.sitemaps import ServiceSitemap
from suppliers.sitemaps import SupplierSitemap

# What search engines may index: each app's public content, from its own sitemap.
SITEMAPS = {
    "home": HomeSitemap,
    "pages": PageSitemap,
    "news": NewsSitemap,
    "practices": PracticeSitemap,
    "documents": DocumentSitemap,
    "suppliers": SupplierSitemap,
    "organisations": OrganisationSitemap,
    "services": ServiceSitemap,
}

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

# Italian pages live at the root, English ones under /en/ with translated paths.
urlpatterns += i18n_patterns(
    path("", include("portal.urls_shell")),
    path("", include("members.urls")),
    path("", include("mapping.urls")),
    path("", include("practices.urls")),
    path("", include("documents.urls")),
    path("", include("suppliers.urls")),
    path("", include("services.urls")),
    path("", include("events.urls")),
    path(_("account/"), include("allauth.urls")),
    prefix_default_language=False,
)

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
