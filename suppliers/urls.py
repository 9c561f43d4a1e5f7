from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.lib.pagecache import cache_for_visitors
from suppliers import views

app_name = "suppliers"

urlpatterns = [
    path(
        _("suppliers/"), cache_for_visitors(views.SupplierListView.as_view()), name="supplier-list"
    ),
    path(_("suppliers/export.csv"), views.supplier_export, name="supplier-export"),
    # Outside suppliers/<slug>/, so that no supplier's slug can shadow it.
    path(_("propose-a-supplier/"), views.supplier_propose, name="supplier-propose"),
    path(
        _("suppliers/<slug:slug>/"),
        cache_for_visitors(views.SupplierDetailView.as_view()),
        name="supplier-detail",
    ),
    path(_("suppliers/<slug:slug>/logo/"), views.supplier_logo, name="supplier-logo"),
    path(_("suppliers/<slug:slug>/edit/"), views.supplier_edit, name="supplier-edit"),
    path(_("suppliers/<slug:slug>/claim/"), views.supplier_claim, name="supplier-claim"),
    path(_("suppliers/<slug:slug>/review/"), views.review_create, name="review-create"),
    path(_("reviews/<int:pk>/edit/"), views.review_edit, name="review-edit"),
    path(_("reviews/<int:pk>/delete/"), views.review_delete, name="review-delete"),
    path(_("reviews/<int:pk>/helpful/"), views.review_helpful, name="review-helpful"),
    path(_("reviews/<int:pk>/report/"), views.review_flag, name="review-flag"),
    path(_("reviews/<int:pk>/reply/"), views.review_reply, name="review-reply"),
]
