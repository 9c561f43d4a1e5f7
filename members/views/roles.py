"""People's roles in organisations.

A person asks to join an organisation; the organisation's referents (or
staff) decide on the requests from the organisation's people page. Every change is made by an
action in `members.actions.roles`; these views fetch what the person may reach and call them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import require_manager
from members.actions.roles import (
    RoleError,
    approve_role,
    leave_organisation,
    reject_role,
    remove_role,
    request_role,
)
from members.forms import RoleRejectForm, RoleRequestForm
from members.models import Role
from members.views import get_managed_organisation, get_organisation_for_user
from portal.lib.errors import refuse_on_form
from portal.lib.ratelimit import limited


def _get_role_for_user(request, pk):
    return get_object_or_404(
        Role.objects.visible_to(request.user).select_related("organisation", "user"), pk=pk
    )


def _get_role_to_decide(request, pk):
    """A role whose organisation the person manages; 403 for their own role, which they see."""
    role = _get_role_for_user(request, pk)
    require_manager(request.user, role.organisation, doing=_("decide who joins it"))
    return role


def _back(request, default):
    """Where the form came from (the people page or the profile), when it is on this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        # A URL, never a view name: redirect() would try to reverse a bare word like "abc".
        return HttpResponseRedirect(target)
    return redirect(default)


@login_required
@limited("role_requests", form=RoleRequestForm)
def role_request(request, slug):
    organisation = get_organisation_for_user(request, slug)
    current_role = organisation.roles.open().filter(user=request.user).first()
    form = RoleRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_role(organisation=organisation, user=request.user, **form.cleaned_data)
        except RoleError as error:
            refuse_on_form(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your request to join %(organisation)s has been sent. You will receive an "
                    "e-mail when it is decided."
                )
                % {"organisation": organisation.name},
            )
            return redirect("portal:profile")
    return render(
        request,
        "members/role_form.html",
        {"organisation": organisation, "current_role": current_role, "form": form},
    )


@login_required
def organisation_people(request, slug):
    organisation = get_managed_organisation(request, slug)
    return _people_page(request, organisation)


def _people_page(request, organisation, *, invalid_form=None, invalid_role_pk=None):
    """The people page, with the reject form of one request bound when it came back invalid."""
    roles = organisation.roles.select_related("user").order_by(
        "user__last_name", "user__first_name", "pk"
    )
    pending = list(roles.filter(status=Role.Status.PENDING))
    for role in pending:
        if role.pk == invalid_role_pk:
            role.reject_form = invalid_form
        else:
            role.reject_form = RoleRejectForm(prefix=_reject_prefix(role.pk))
    approved = list(roles.filter(status=Role.Status.APPROVED))
    return render(
        request,
        "members/organisation_people.html",
        {
            "organisation": organisation,
            "pending_roles": pending,
            "approved_roles": approved,
            # Without an approved referent the requests wait for staff: the page says so.
            "has_referent": any(role.kind == Role.Kind.REFERENT for role in approved),
        },
    )


def _reject_prefix(pk):
    # Each request on the page has its own reject form: distinct field names and ids.
    return f"role-{pk}"


@login_required
@require_POST
def role_approve(request, pk):
    role = _get_role_to_decide(request, pk)
    try:
        approve_role(role=role, by=request.user)
    except RoleError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(person)s has been approved as %(kind)s of %(organisation)s.")
            % {
                "person": role.user,
                "kind": role.get_kind_display().lower(),
                "organisation": role.organisation.name,
            },
        )
    return _back(request, _people_url(role))


@login_required
@require_POST
def role_reject(request, pk):
    role = _get_role_to_decide(request, pk)
    form = RoleRejectForm(request.POST, prefix=_reject_prefix(role.pk))
    if not form.is_valid():
        return _people_page(request, role.organisation, invalid_form=form, invalid_role_pk=role.pk)
    try:
        reject_role(role=role, by=request.user, reason=form.cleaned_data["reason"])
    except RoleError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The request of %(person)s has been rejected; they have been told why.")
            % {"person": role.user},
        )
    return _back(request, _people_url(role))


@login_required
@require_POST
def role_leave(request, pk):
    """Leave an organisation (one's own role) or, for its referents, remove someone from it."""
    role = _get_role_for_user(request, pk)
    own = role.user_id == request.user.pk
    withdrawn = own and role.status == Role.Status.PENDING
    if not own:
        require_manager(request.user, role.organisation, doing=_("remove its people"))
    try:
        if own:
            leave_organisation(role=role, by=request.user)
        else:
            remove_role(role=role, by=request.user)
    except RoleError as error:
        messages.error(request, str(error))
    else:
        if withdrawn:
            message = _("Your request to join %(organisation)s has been withdrawn.") % {
                "organisation": role.organisation.name
            }
        elif own:
            message = _("You have left %(organisation)s.") % {
                "organisation": role.organisation.name
            }
        else:
            message = _("%(person)s no longer has a role in %(organisation)s.") % {
                "person": role.user,
                "organisation": role.organisation.name,
            }
        messages.success(request, message)
    return _back(request, "portal:profile" if own else _people_url(role))


def _people_url(role):
    return reverse("members:organisation-people", args=[role.organisation.slug])
