from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("search/"), views.search, name="search"),
    path(_("profile/"), views.profile, name="profile"),
    path(_("profile/edit/"), views.profile_edit, name="profile-edit"),
    path(
        _("the-network/"), views.StaticPage.as_view(template_name="portal/about.html"), name="about"
    ),
    path(
        _("accessibility/"),
        views.StaticPage.as_view(template_name="portal/accessibility.html"),
        name="accessibility",
    ),
    path(
        _("privacy/"), views.StaticPage.as_view(template_name="portal/privacy.html"), name="privacy"
    ),
    path(
        _("contacts/"),
        views.StaticPage.as_view(template_name="portal/contacts.html"),
        name="contacts",
    ),
]
