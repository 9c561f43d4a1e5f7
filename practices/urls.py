from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.lib.pagecache import cache_for_visitors
from practices import views
from practices.feeds import LatestPracticesAtomFeed, LatestPracticesFeed

app_name = "practices"

urlpatterns = [
    path(
        _("practices/"), cache_for_visitors(views.PracticeListView.as_view()), name="practice-list"
    ),
    # Before practices/<slug>/, so that no practice's slug can shadow them.
    path(_("practices/new/"), views.practice_create, name="practice-create"),
    path(_("practices/mine/"), views.practice_mine, name="practice-mine"),
    path(_("practices/feed/rss/"), LatestPracticesFeed(), name="practice-feed-rss"),
    path(_("practices/feed/atom/"), LatestPracticesAtomFeed(), name="practice-feed-atom"),
    path(
        _("practices/<slug:slug>/"),
        cache_for_visitors(views.practice_detail),
        name="practice-detail",
    ),
    path(_("practices/<slug:slug>/edit/"), views.practice_edit, name="practice-edit"),
    path(_("practices/<slug:slug>/revise/"), views.practice_revise, name="practice-revise"),
    path(_("practices/<slug:slug>/submit/"), views.practice_submit, name="practice-submit"),
    path(_("practices/<slug:slug>/delete/"), views.practice_delete, name="practice-delete"),
    path(_("practices/<slug:slug>/cover/"), views.practice_cover, name="practice-cover"),
    path(_("practices/<slug:slug>/adopt/"), views.practice_adopt, name="practice-adopt"),
    path(_("practices/<slug:slug>/derive/"), views.practice_derive, name="practice-derive"),
    path(
        _("practices/<slug:slug>/attachments/"),
        views.attachment_manage,
        name="attachment-manage",
    ),
    path(
        _("practices/<slug:slug>/attachments/<int:pk>/"),
        views.attachment_download,
        name="attachment-download",
    ),
    path(
        _("practices/<slug:slug>/attachments/<int:pk>/remove/"),
        views.attachment_remove,
        name="attachment-remove",
    ),
    path(_("practices/<slug:slug>/comments/"), views.comment_add, name="comment-add"),
    path(
        _("practices/<slug:slug>/comments/<int:pk>/edit/"),
        views.comment_edit,
        name="comment-edit",
    ),
    path(
        _("practices/<slug:slug>/comments/<int:pk>/hide/"),
        views.comment_hide,
        name="comment-hide",
    ),
]
