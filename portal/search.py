"""The global search: every app's visible, searchable querysets composed in one page.

Each app, when it lands, adds a `SearchSource` here that calls
`Model.objects.visible_to(user).search(text)`; the page shows one section per source.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models.functions import Upper
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from members.models import Organisation
from practices.models import Practice
from suppliers.models import Supplier


@dataclass(frozen=True)
class SearchSource:
    title: str | Promise
    search: Callable  # (user, text) -> queryset of results, best first
    limit: int = 10


@dataclass
class SearchSection:
    title: str | Promise
    results: list = field(default_factory=list)


def _organisations(user, text):
    return (
        Organisation.objects.visible_to(user)
        .listed()
        .search(text)
        .select_related("province")
        .order_by(Upper("name"), "pk")
    )


def _practices(user, text):
    # Drafts and revisions would show as twins of the published practice: only published ones.
    return Practice.objects.visible_to(user).published().search(text)


def _documents(user, text):
    # Documents the person may not open match by title and tags only, without a snippet.
    return Document.objects.listed_to(user).search(user, text).select_related("organisation")


def _suppliers(user, text):
    return Supplier.objects.visible_to(user).search(text)


SOURCES: list[SearchSource] = [
    SearchSource(_("Organisations"), _organisations),
    SearchSource(_("Good practices"), _practices),
    SearchSource(_("Documents"), _documents),
    SearchSource(_("Suppliers"), _suppliers),
]


def search_everything(user, text: str) -> list[SearchSection]:
    sections = []
    for source in SOURCES:
        results = list(source.search(user, text)[: source.limit])
        if results:
            sections.append(SearchSection(source.title, results))
    return sections
