from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.views import directory, memberships, roles
from portal.lib.pagecache import cache_for_visitors

app_name = "members"

urlpatterns = [
    path(
        _("organisations/"),
        cache_for_visitors(directory.OrganisationListView.as_view()),
        name="organisation-list",
    ),
    # Outside organisations/<slug>/, so that no organisation's slug can shadow it.
    path(
        _("register-an-organisation/"),
        directory.organisation_register,
        name="organisation-register",
    ),
    path(
        _("organisations/<slug:slug>/"),
        cache_for_visitors(directory.OrganisationDetailView.as_view()),
        name="organisation-detail",
    ),
    path(
        _("organisations/<slug:slug>/edit/"),
        directory.organisation_edit,
        name="organisation-edit",
    ),
    path(
        _("organisations/<slug:slug>/logo/"),
        directory.organisation_logo,
        name="organisation-logo",
    ),
    path(
        _("organisations/<slug:slug>/libraries/"),
        directory.organisation_libraries,
        name="organisation-libraries",
    ),
    path(
        _("organisations/<slug:slug>/libraries/remove/"),
        directory.organisation_library_remove,
        name="organisation-library-remove",
    ),
    path(
        _("library-links/<int:pk>/confirm/"),
        directory.library_link_confirm,
        name="library-link-confirm",
    ),
    path(
        _("library-links/<int:pk>/decline/"),
        directory.library_link_decline,
        name="library-link-decline",
    ),
    path(_("organisations/<slug:slug>/join/"), roles.role_request, name="role-request"),
    path(
        _("organisations/<slug:slug>/people/"),
        roles.organisation_people,
        name="organisation-people",
    ),
    path(_("roles/<int:pk>/approve/"), roles.role_approve, name="role-approve"),
    path(_("roles/<int:pk>/reject/"), roles.role_reject, name="role-reject"),
    path(_("roles/<int:pk>/leave/"), roles.role_leave, name="role-leave"),
    path(
        _("organisations/<slug:slug>/membership/"),
        memberships.membership_apply,
        name="membership-apply",
    ),
    path(
        _("organisations/<slug:slug>/memberships/"),
        memberships.membership_list,
        name="membership-list",
    ),
]
