from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.lib.pagecache import cache_for_visitors
from services.views import catalogue, experts, requests

app_name = "services"

urlpatterns = [
    path(_("services/"), cache_for_visitors(catalogue.service_list), name="service-list"),
    # Before services/<slug>/, so that no service's slug can shadow them.
    path(_("services/requests/"), requests.request_list, name="request-list"),
    path(_("services/requests/<int:pk>/"), requests.request_detail, name="request-detail"),
    path(_("services/requests/<int:pk>/cancel/"), requests.request_cancel, name="request-cancel"),
    path(
        _("services/requests/<int:pk>/attachments/<int:attachment>/"),
        requests.attachment_download,
        name="attachment-download",
    ),
    # The expert roster and the competence exchange.
    path(_("services/experts/"), experts.ExpertListView.as_view(), name="expert-list"),
    path(_("services/competence-exchange/"), experts.offer_list, name="offer-list"),
    path(_("services/competence-exchange/offer/"), experts.offer_create, name="offer-create"),
    path(
        _("services/<slug:slug>/"),
        cache_for_visitors(catalogue.service_detail),
        name="service-detail",
    ),
    path(_("services/<slug:slug>/request/"), requests.request_create, name="request-create"),
]
