from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.views import directory, memberships, roles

app_name = "members"

urlpatterns = [
    path(_("organisations/"), directory.OrganisationListView.as_view(), name="organisation-list"),
    # Outside organisations/<slug>/, so that no organisation's slug can shadow it.
    path(
        _("register-an-organisation/"),
        directory.organisation_register,
        name="organisation-register",
    ),
    path(
        _("organisations/<slug:slug>/"),
        directory.OrganisationDetailView.as_view(),
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
