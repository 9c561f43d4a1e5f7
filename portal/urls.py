from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from portal import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
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
