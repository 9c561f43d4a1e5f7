from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal import views
from portal.lib.pagecache import cache_for_visitors

app_name = "portal"

urlpatterns = [
    path("", cache_for_visitors(views.home), name="home"),
    path(_("search/"), cache_for_visitors(views.search), name="search"),
    path(_("my-area/"), views.dashboard, name="dashboard"),
    path(_("profile/"), views.profile, name="profile"),
    path(_("profile/edit/"), views.profile_edit, name="profile-edit"),
    path(
        _("the-network/"),
        cache_for_visitors(views.StaticPage.as_view(template_name="portal/about.html")),
        name="about",
    ),
    path(
        _("accessibility/"),
        cache_for_visitors(views.StaticPage.as_view(template_name="portal/accessibility.html")),
        name="accessibility",
    ),
    path(
        _("privacy/"),
        cache_for_visitors(views.StaticPage.as_view(template_name="portal/privacy.html")),
        name="privacy",
    ),
    path(
        _("contacts/"),
        cache_for_visitors(views.StaticPage.as_view(template_name="portal/contacts.html")),
        name="contacts",
    ),
]
