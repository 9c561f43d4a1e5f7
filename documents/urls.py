from django.urls import path
from django.utils.translation import gettext_lazy as _

from documents import views
from documents.feeds import LatestDocumentsAtomFeed, LatestDocumentsFeed
from portal.lib.pagecache import cache_for_visitors

app_name = "documents"

urlpatterns = [
    path(
        _("documents/"), cache_for_visitors(views.DocumentListView.as_view()), name="document-list"
    ),
    # Before documents/<slug>/, so that no document's slug can shadow them.
    path(_("documents/new/"), views.document_create, name="document-create"),
    path(_("documents/feed/rss/"), LatestDocumentsFeed(), name="document-feed-rss"),
    path(_("documents/feed/atom/"), LatestDocumentsAtomFeed(), name="document-feed-atom"),
    path(
        _("documents/<slug:slug>/"),
        cache_for_visitors(views.document_detail),
        name="document-detail",
    ),
    path(_("documents/<slug:slug>/edit/"), views.document_edit, name="document-edit"),
    path(_("documents/<slug:slug>/download/"), views.document_download, name="document-download"),
    path(_("documents/<slug:slug>/versions/new/"), views.version_add, name="version-add"),
    path(
        _("documents/<slug:slug>/versions/<int:number>/download/"),
        views.version_download,
        name="version-download",
    ),
    path(_("documents/<slug:slug>/report/"), views.document_flag, name="document-flag"),
]
