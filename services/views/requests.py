"""Service requests seen from the site: sending one, following it, writing in its thread.

Staff move requests on in the admin; here they, the organisation's referents and the assigned
expert read the request and write in its thread. Every lookup goes through `visible_to`, so
another organisation's request is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import managed_organisations_or_refused
from portal.lib.downloads import protected_download
from portal.lib.errors import refuse_on_form
from portal.lib.ratelimit import limited
from services.actions import ServiceError
from services.actions import requests as actions
from services.filters import ServiceRequestFilter
from services.forms import CancelForm, MessageForm, ServiceRequestForm
from services.models import (
    Attachment,
    Message,
    Service,
    ServiceRequest,
)


def _get_request_for_user(request, pk) -> ServiceRequest:
    queryset = ServiceRequest.objects.visible_to(request.user).select_related(
        "service", "organisation", "requested_by", "assigned_staff", "assigned_expert"
    )
    return get_object_or_404(queryset, pk=pk)


@login_required
@limited("service_requests", form=ServiceRequestForm)
def request_create(request, slug):
    service = get_object_or_404(Service.objects.visible_to(request.user), slug=slug)
    organisations = managed_organisations_or_refused(
        request.user,
        reason=_("Services are requested by the referents of the organisations on the portal."),
    )
    form = ServiceRequestForm(
        request.POST or None, request.FILES or None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            service_request = actions.submit_request(
                service=service,
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                data=form.request_data(),
                files=form.cleaned_data["attachments"],
            )
        except ServiceError as error:
            refuse_on_form(form, error)
        else:
            messages.success(
                request, _("Your request is sent: the network's staff will answer here.")
            )
            return redirect(service_request)
    own_terms = service.terms_for_each(organisations)
    return render(
        request,
        "services/request_form.html",
        {"form": form, "service": service, "own_terms": own_terms},
    )


@login_required
def request_list(request):
    """The requests of the person's organisations (and those assigned to them as an expert)."""
    filterset = ServiceRequestFilter(
        request.GET, queryset=ServiceRequest.objects.visible_to(request.user).for_list()
    )
    # A status that is no status is ignored, as a shared link with a typo should be.
    requests = filterset.qs if filterset.is_valid() else filterset.queryset
    status = filterset.form.cleaned_data.get("stato", "") if filterset.is_valid() else ""
    page = Paginator(requests, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "services/request_list.html",
        {
            "page_obj": page,
            "requests": page.object_list,
            "statuses": ServiceRequest.Status.choices,
            "status": status,
            "is_filtered": bool(status),
        },
    )


def _thread(service_request, user):
    return (
        Message.objects.visible_to(user)
        .filter(request=service_request)
        .select_related("author")
        .prefetch_related("attachments")
    )


@login_required
@limited("service_messages", form=MessageForm)
def request_detail(request, pk):
    service_request = _get_request_for_user(request, pk)
    user = request.user
    form = MessageForm(request.POST or None, request.FILES or None, staff=user.is_staff)
    if request.method == "POST" and form.is_valid():
        try:
            actions.post_message(
                request=service_request,
                by=user,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
                is_internal=form.cleaned_data.get("is_internal", False),
            )
        except ServiceError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect(service_request)
    return render(
        request,
        "services/request_detail.html",
        {
            "service_request": service_request,
            "events": service_request.events.select_related("author"),
            "thread": _thread(service_request, user),
            "form": form if service_request.can_write(user) else None,
            "can_cancel": service_request.can_cancel(user),
            "cancel_form": CancelForm(),
        },
    )


@login_required
@require_POST
@limited("service_messages", form=CancelForm)
def request_cancel(request, pk):
    service_request = _get_request_for_user(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            actions.cancel_request(
                request=service_request, by=request.user, note=form.cleaned_data["note"]
            )
        except ServiceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The request is cancelled."))
    return redirect(service_request)


@login_required
def attachment_download(request, pk, attachment):
    service_request = _get_request_for_user(request, pk)
    file = get_object_or_404(
        Attachment.objects.visible_to(request.user).filter(message__request=service_request),
        pk=attachment,
    )
    return protected_download(file.file, filename=file.name)
