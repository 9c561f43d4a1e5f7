"""RSS and Atom feeds of the newest published practices."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from practices.models import Practice

FEED_LENGTH = 30


class LatestPracticesFeed(Feed):
    title = _("Good practices of the Rete delle Reti")
    description = _("The practices and projects newly published by the network's members.")

    def link(self):
        return reverse("practices:practice-list")

    def items(self):
        # A feed is public: what a visitor sees, whoever's reader fetches it.
        return (
            Practice.objects.visible_to(AnonymousUser())
            .published()
            .select_related("organisation")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.organisation.name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class LatestPracticesAtomFeed(LatestPracticesFeed):
    feed_type = Atom1Feed
    subtitle = LatestPracticesFeed.description
