from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal import views
from portal.feeds import LatestNewsAtomFeed, LatestNewsFeed
from portal.lib.pagecache import cache_for_visitors
from portal.models import Page

app_name = "portal"


def _page(route, key):
    """The address of an editable page; its URL name is its key."""
    return path(route, cache_for_visitors(views.page), {"key": key}, name=key)


urlpatterns = [
    path("", cache_for_visitors(views.home), name="home"),
    path(_("search/"), cache_for_visitors(views.search), name="search"),
    path(_("my-area/"), views.dashboard, name="dashboard"),
    path(_("profile/"), views.profile, name="profile"),
    path(_("profile/edit/"), views.profile_edit, name="profile-edit"),
    path(_("news/"), cache_for_visitors(views.NewsListView.as_view()), name="news-list"),
    # Before news/<slug>/, so that no post's slug can shadow them.
    path(_("news/feed/rss/"), LatestNewsFeed(), name="news-feed-rss"),
    path(_("news/feed/atom/"), LatestNewsAtomFeed(), name="news-feed-atom"),
    path(_("news/<slug:slug>/"), cache_for_visitors(views.news_detail), name="news-detail"),
    path(_("news/<slug:slug>/image/"), views.news_image, name="news-image"),
    _page(_("the-network/"), Page.Key.ABOUT),
    _page(_("the-network/governance/"), Page.Key.GOVERNANCE),
    _page(_("how-to-join/"), Page.Key.JOINING),
    _page(_("accessibility/"), Page.Key.ACCESSIBILITY),
    _page(_("privacy/"), Page.Key.PRIVACY),
    _page(_("contacts/"), Page.Key.CONTACTS),
]
