"""RSS and Atom feeds of the network's published news."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from portal.lib.markdown import render_markdown
from portal.models import News

FEED_LENGTH = 30


class LatestNewsFeed(Feed):
    title = _("News of the Rete delle Reti")
    description = _(
        "Announcements, calls and reports from the Italian network of library networks."
    )

    def link(self):
        return reverse("portal:news-list")

    def items(self):
        # A feed is public, and a reader fetches it at any time: published posts only.
        return (
            News.objects.visible_to(AnonymousUser())
            .select_related("author")
            .prefetch_related("tags")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_markdown(item.body)

    def item_author_name(self, item):
        return item.author.get_full_name() if item.author else None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestNewsAtomFeed(LatestNewsFeed):
    feed_type = Atom1Feed
    subtitle = LatestNewsFeed.description
