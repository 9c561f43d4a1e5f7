"""The global search: every app's visible, searchable querysets composed in one page.

Each app, when it lands, adds a `SearchSource` here that calls
`Model.objects.visible_to(user).search(text)`; the page shows one group per source, with how
many results it has and a link to the app's own list filtered by the same words, and
`?tipo=<slug>` shows one group alone, with more of its results.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from events.models import Event
from members.access import access_scope
from members.models import Organisation
from portal.lib.pagecache import remember
from portal.lib.search import COUNT_CAP, bounded_count
from portal.models import News
from practices.models import Practice
from services.models import Service
from suppliers.models import Supplier

# How many results of one type the page shows when it shows that type alone.
TYPE_LIMIT = 50


def _everyone(user) -> str:
    return "everyone"


def _staff_or_everyone(user) -> str:
    return "staff" if user.is_authenticated and user.is_staff else "everyone"


@dataclass(frozen=True)
class SearchSource:
    """One type of result. `search` and `count` must go through the model's `visible_to(user)`
    (or what stands for it), and `scope` must name everyone who sees the same rows: results and
    counts are kept under it."""

    name: str
    title: str | Promise
    search: Callable  # (user, text) -> queryset of results, best first
    limit: int = 10
    # (user) -> who sees the same results as the person: the key their results are kept under.
    scope: Callable = _everyone
    # The value of `?tipo=` that shows this type alone (Italian, as the site's addresses);
    # the name when empty.
    slug: str = ""
    # The URL name of the app's own list and the GET parameter it searches with: the group links
    # there, filtered by the same words. Without one, it links to this type alone on the page.
    list_url: str = ""
    list_param: str = "q"
    # (user, text) -> the queryset whose rows are counted, up to COUNT_CAP + 1; by default
    # `search`'s, which counts no further than its ranking goes (RANK_CAP).
    count: Callable | None = None
    # (result) -> a short line under a result without a snippet: its kind, place or owner.
    describe: Callable | None = None

    @property
    def type_slug(self) -> str:
        return self.slug or self.name


@dataclass
class SearchSection:
    source: SearchSource
    results: list = field(default_factory=list)
    count: int = 0
    # The app's own list filtered by the same words, or this type alone on the search page.
    link: str = ""

    @property
    def title(self):
        return self.source.title

    @property
    def slug(self) -> str:
        return self.source.type_slug

    @property
    def count_is_bounded(self) -> bool:
        """More matches than were counted: shown as "1.000+"."""
        return self.count > COUNT_CAP

    @property
    def shown_count(self) -> int:
        return min(self.count, COUNT_CAP)

    @property
    def has_more(self) -> bool:
        return self.count > len(self.results)

    @property
    def items(self) -> list[tuple]:
        """Each result with its short description line (or None)."""
        describe = self.source.describe
        return [(result, describe(result) if describe else None) for result in self.results]


def _organisations(user, text):
    return (
        Organisation.objects.visible_to(user)
        .listed()
        .search(text)
        .select_related("province")
        .order_by(Upper("name"), "pk")
    )


def _describe_organisation(organisation) -> str:
    place = organisation.municipality or ""
    if organisation.province_id:
        place = f"{place} ({organisation.province.name})" if place else organisation.province.name
    return " · ".join(part for part in (organisation.get_kind_display(), place) if part)


def _practices(user, text):
    # Drafts and revisions would show as twins of the published practice: only published ones.
    return Practice.objects.visible_to(user).published().search(text).select_related("organisation")


# Counting needs no order: without one, the count stops at the cap instead of sorting every match.
def _count_practices(user, text):
    return Practice.objects.visible_to(user).published().order_by().search(text, cap=COUNT_CAP + 1)


def _documents(user, text):
    # Documents the person may not open match by title and tags only, without a snippet.
    return Document.objects.listed_to(user).search(user, text).select_related("organisation")


def _count_documents(user, text):
    return Document.objects.listed_to(user).order_by().search(user, text, cap=COUNT_CAP + 1)


def _describe_document(document) -> str:
    return f"{document.get_kind_display()} · {document.organisation}"


def _services(user, text):
    return Service.objects.visible_to(user).search(text).select_related("area")


def _count_services(user, text):
    return Service.objects.visible_to(user).order_by().search(text, cap=COUNT_CAP + 1)


def _events(user, text):
    return Event.objects.visible_to(user).search(text)


def _suppliers(user, text):
    return Supplier.objects.visible_to(user).search(text)


def _count_events(user, text):
    return Event.objects.visible_to(user).order_by().search(text, cap=COUNT_CAP + 1)


def _count_news(user, text):
    return News.objects.visible_to(user).order_by().search(text, cap=COUNT_CAP + 1)


def _count_suppliers(user, text):
    return Supplier.objects.visible_to(user).order_by().search(text, cap=COUNT_CAP + 1)


SOURCES: list[SearchSource] = [
    # Listed organisations and published practices: the same for everyone.
    SearchSource(
        "organisations",
        _("Organisations"),
        _organisations,
        slug="organizzazioni",
        list_url="members:organisation-list",
        describe=_describe_organisation,
    ),
    SearchSource(
        "practices",
        _("Good practices"),
        _practices,
        slug="pratiche",
        list_url="practices:practice-list",
        count=_count_practices,
        describe=lambda practice: str(practice.organisation),
    ),
    # Documents: the same for everyone who opens the same levels.
    SearchSource(
        "documents",
        _("Documents"),
        _documents,
        scope=access_scope,
        slug="documenti",
        list_url="documents:document-list",
        count=_count_documents,
        describe=_describe_document,
    ),
    SearchSource(
        "suppliers",
        _("Suppliers"),
        _suppliers,
        scope=Supplier.objects.visibility_scope,
        slug="fornitori",
        list_url="suppliers:supplier-list",
        count=_count_suppliers,
        describe=lambda supplier: supplier.get_kind_display(),
    ),
    # The catalogue: active services for everyone, retired ones for staff too. Its page lists
    # them all, unfiltered: the group links to the services alone here.
    SearchSource(
        "services",
        _("Services"),
        _services,
        scope=_staff_or_everyone,
        slug="servizi",
        count=_count_services,
        describe=lambda service: str(service.area),
    ),
    # Published news for everyone, scheduled ones for staff too.
    SearchSource(
        "news",
        _("News"),
        News.visible_search,
        scope=_staff_or_everyone,
        slug="notizie",
        count=_count_news,
        describe=lambda post: date_format(timezone.localtime(post.published_at), "DATE_FORMAT"),
    ),
    # Events: the same for everyone who opens the same levels.
    SearchSource(
        "events",
        _("Events"),
        _events,
        scope=access_scope,
        slug="eventi",
        list_url="events:event-list",
        count=_count_events,
        describe=lambda event: date_format(timezone.localtime(event.starts_at), "DATE_FORMAT"),
    ),
]


def source_for(slug: str | None) -> SearchSource | None:
    """The source that `?tipo=` names, or None."""
    return next((source for source in SOURCES if source.type_slug == slug), None)


def _found(source: SearchSource, user, text: str, limit: int) -> tuple[list, int]:
    """The first `limit` results and how many there are. A source with fewer results than
    asked for has counted them already; otherwise they are counted up to COUNT_CAP + 1."""
    results = list(source.search(user, text)[:limit])
    if len(results) < limit:
        return results, len(results)
    return results, bounded_count((source.count or source.search)(user, text), COUNT_CAP)


def search_everything(user, text: str, only: SearchSource | None = None) -> list[SearchSection]:
    """Each source's results and count (or those of `only`), kept under the content version for
    everyone in the same scope: the words people look for most are searched once per change of
    the content."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    sections = []
    for source in [only] if only else SOURCES:
        limit = TYPE_LIMIT if only else source.limit
        results, count = remember(
            f"search:{source.name}:{limit}:{source.scope(user)}:{digest}",
            lambda source=source, limit=limit: _found(source, user, text, limit),
        )
        if results:
            sections.append(SearchSection(source, results, count, _link(source, text)))
    return sections


class Found:
    """What the search page shows, searched only when read: a page whose results are a stored
    fragment searches nothing. `scope` names everyone who sees the same results (each source's
    scope), for the fragment's key."""

    def __init__(self, user, text: str, only: SearchSource | None = None):
        self.user, self.text, self.only = user, text, only
        self.scope = ":".join(source.scope(user) for source in ([only] if only else SOURCES))

    @cached_property
    def sections(self) -> list[SearchSection]:
        return search_everything(self.user, self.text, self.only) if self.text else []

    @cached_property
    def total(self) -> int:
        return sum(section.shown_count for section in self.sections)

    @property
    def total_is_bounded(self) -> bool:
        return any(section.count_is_bounded for section in self.sections)


def _link(source: SearchSource, text: str) -> str:
    if source.list_url:
        return f"{reverse(source.list_url)}?{urlencode({source.list_param: text})}"
    return f"{reverse('portal:search')}?{urlencode({'q': text, 'tipo': source.type_slug})}"
