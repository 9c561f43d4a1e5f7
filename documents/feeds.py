"""RSS and Atom feeds of the newest public documents."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from documents.models import Document

FEED_LENGTH = 30


class LatestDocumentsFeed(Feed):
    title = _("Documents of the Rete delle Reti")
    description = _("The working documents and templates newly shared by the network's members.")

    def link(self):
        return reverse("documents:document-list")

    def items(self):
        # A feed is public: what a visitor may open, whoever's reader fetches it.
        return (
            Document.objects.visible_to(AnonymousUser())
            .select_related("organisation")
            .order_by("-created_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_author_name(self, item):
        return item.organisation.name

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]


class LatestDocumentsAtomFeed(LatestDocumentsFeed):
    feed_type = Atom1Feed
    subtitle = LatestDocumentsFeed.description
