"""Full-text search helpers that every app's `QuerySet.search(text)` is built on.

Text is indexed with the `italian_unaccent` configuration (migration
portal/0001_search_configuration): Italian stemming and stop words, accents ignored, so
"biblioteche" finds "Biblioteca" and "niccolo" finds "Niccolò". A model stores its weighted
vector in a SearchVectorField with a GIN index, which the app's actions refresh with
`search_vector()` (a GeneratedField would make Django's system checks, `check --deploy`
included, connect to the database), and its QuerySet mixes in `SearchQuerySetMixin`, or calls
`ranked_search()`. Results come best first, annotated with
`search_rank` and, when asked for, `search_headline`: a snippet of safe HTML where the matched
words are wrapped in <mark>. A query that matches nothing falls back to trigram similarity on a
title or name, which forgives typos ("Bellni" finds "Bellini") and short fragments.
"""

import operator
from functools import reduce

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.lookups import TrigramSimilar, TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection, models
from django.db.models import F, Func, Lookup, Q, Value
from django.db.models.functions import Greatest, Replace
from django.utils.safestring import mark_safe

SEARCH_CONFIG = "italian_unaccent"

# Ranking reads every matching row's vector; a word found in most documents ("biblioteca")
# would rank them all. Only this many matching rows are ranked, so a common word costs the same
# as a rare one. The trade-off: when more rows match, the ones ranked are the first RANK_CAP in
# the queryset's own order (give the model a meaningful Meta.ordering, such as newest first),
# and a better match beyond them is not shown. Someone who gets that many results refines the
# query anyway.
RANK_CAP = 200

# Counting the matches of a common word would read them all: counts stop one past this many,
# and are shown as "1.000+". Pass `cap=COUNT_CAP + 1` to a search whose matches are counted.
COUNT_CAP = 1000

# A query is a few words; a pasted page would only make the database parse and rank in vain.
MAX_QUERY_LENGTH = 200

# ts_rank normalization 1 divides by 1 + log(document length): a long text that mentions a
# word many times does not bury a short one that is about it.
RANK_NORMALIZATION = 1

# HTML special characters, `&` first so that the entities added afterwards stay intact.
_HTML_ESCAPES = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")]


class Unaccent(Func):
    """`immutable_unaccent(text)`: unaccent() usable in an index expression."""

    function = "immutable_unaccent"
    output_field = models.TextField()


def bounded_count(results, limit: int = COUNT_CAP) -> int:
    """How many rows `results` holds, counting no further than `limit` + 1: a number above
    `limit` means "more than `limit`". Only the rows' keys are read, not their rank or snippet."""
    return results.order_by().values("pk")[: limit + 1].count()


def search_vector(*fields) -> SearchVector:
    """The weighted vector of a model's searchable fields, for an `update()` of its stored vector.

    Each field is a name (or an expression, such as a subquery of a related row's text) or a
    (field, weight) pair, weight "A" (most important) to "D":
    `search_vector(("title", "A"), ("summary", "B"), ("body", "C"))`.
    """
    vectors = []
    for field in fields:
        name, weight = field if isinstance(field, tuple) else (field, None)
        vectors.append(SearchVector(name, config=SEARCH_CONFIG, weight=weight))
    return reduce(operator.add, vectors)


def trigram_index(field: str, *, name: str) -> GinIndex:
    """The index that makes the typo-forgiving fallback fast on `field`; goes in Meta.indexes."""
    return GinIndex(OpClass(Unaccent(F(field)), name="gin_trgm_ops"), name=name)


class _SafeHTMLField(models.TextField):
    """Text that the query itself made safe HTML, so templates need no `|safe`."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else mark_safe(value)


class _Headline(SearchHeadline):
    output_field = _SafeHTMLField()


def _escaped_html(expression):
    """`expression` with HTML special characters turned into entities, in SQL."""
    for character, entity in _HTML_ESCAPES:
        expression = Replace(expression, Value(character), Value(entity))
    return expression


def headline(field, query: SearchQuery) -> _Headline:
    """A snippet around the matched words of `field`, safe to show as HTML.

    The text is escaped before ts_headline sees it, so the only tags in the result are the
    <mark> pairs it adds (entities are tokens of their own, never cut by a fragment).
    """
    source = F(field) if isinstance(field, str) else field
    return _Headline(
        _escaped_html(source),
        query,
        config=SEARCH_CONFIG,
        start_sel="<mark>",
        stop_sel="</mark>",
        max_fragments=2,
        max_words=25,
        min_words=10,
        fragment_delimiter=" … ",
    )


def clean_query_text(text: str | None) -> str:
    """What a person typed, without NUL characters and cut to MAX_QUERY_LENGTH."""
    return (text or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def search_query(text: str | None) -> SearchQuery | None:
    """The query for what a person typed, read as web search syntax; None when it is empty."""
    text = clean_query_text(text)
    if not text:
        return None
    return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)


def ranked_search(
    queryset,
    text: str,
    *,
    vector_field: str = "search_vector",
    headline_field=None,
    trigram_field: str | None = None,
    cap: int = RANK_CAP,
):
    """Rows of `queryset` that match `text`, best first.

    `text` is what a person typed, read as web search syntax (`"exact phrase"`, `or`, `-word`);
    no input makes it fail. Rows get `search_rank`, and `search_headline` when `headline_field`
    (a field name or an expression) is given. When no row matches and `trigram_field` names a
    title or name, the rows whose field is similar to the text come instead, ordered by
    similarity: deciding that costs one index lookup, made when this is called.

    Pass the queryset already scoped by `visible_to(user)`: the cap counts visible rows only.
    """
    query = search_query(text)
    if query is None:
        return queryset.none()
    text = clean_query_text(text)
    matching = queryset.filter(**{vector_field: query})
    if trigram_field is not None and not matching.exists():
        return _similar(queryset, text, trigram_field, headline_field, query)

    # The subquery picks at most `cap` matching rows without ranking them; only those are ranked.
    results = queryset.filter(pk__in=matching.values("pk")[:cap]).annotate(
        search_rank=SearchRank(F(vector_field), query, normalization=RANK_NORMALIZATION)
    )
    if headline_field is not None:
        results = results.annotate(search_headline=headline(headline_field, query))
    return results.order_by("-search_rank", "-pk")


def _similar(queryset, text: str, field: str, headline_field, query: SearchQuery):
    """Rows whose `field` looks like `text`, ignoring accents and case.

    Two pg_trgm operators, both served by `trigram_index()`: whole-value similarity (at least
    0.3, pg_trgm's default) finds a misspelt name, word similarity (at least 0.6) finds a
    misspelt or partial word inside a longer title.
    """
    target = Unaccent(F(field))
    typed = Unaccent(Value(text))
    results = queryset.filter(
        TrigramSimilar(target, typed) | TrigramWordSimilar(target, typed)
    ).annotate(
        search_rank=Greatest(TrigramSimilarity(target, typed), TrigramWordSimilarity(typed, target))
    )
    if headline_field is not None:
        results = results.annotate(search_headline=headline(headline_field, query))
    return results.order_by("-search_rank", "-pk")


class SearchQuerySetMixin:
    """Gives a QuerySet `search(text)`; set the class attributes to name the model's fields."""

    search_vector_field = "search_vector"
    search_headline_field = None
    search_trigram_field = None

    def search(self, text: str, *, cap: int = RANK_CAP):
        return ranked_search(
            self,
            text,
            vector_field=self.search_vector_field,
            headline_field=self.search_headline_field,
            trigram_field=self.search_trigram_field,
            cap=cap,
        )


# Name search ---------------------------------------------------------------------------------

# Shorter words ("di", "la") have no trigram of their own for the index to look up.
MIN_WORD_LENGTH = 3
MAX_WORDS = 6


class _ILike(Lookup):
    """`lhs ILIKE rhs`. Django's icontains compares UPPER(lhs), which no index holds; a trigram
    index on `immutable_unaccent(field)` serves ILIKE on that expression directly."""

    lookup_name = "ilike"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", (*lhs_params, *rhs_params)


def _contains(target, text: str) -> _ILike:
    pattern = f"%{connection.ops.prep_for_like_query(text)}%"
    return _ILike(target, Unaccent(Value(pattern)))


def name_search(queryset, text: str, field: str = "name"):
    """The rows of `queryset` whose `field` has every word of `text` in it, ignoring accents and
    case, or a word close to it (a typo: "Vimercatse" finds "Vimercatese").

    For short texts such as names, where ranking adds nothing. Words shorter than three
    characters are skipped ("di", "la") unless they hold a digit ("Biblioteca 2"), which the
    field must then contain. Both tests are answered by a trigram index on
    `immutable_unaccent(field)` (see `trigram_index`), so the search stays fast on large tables.
    """
    text = clean_query_text(text)
    if not text:
        return queryset
    name = Unaccent(F(field))
    words = text.split()[:MAX_WORDS]
    long_words = [word for word in words if len(word) >= MIN_WORD_LENGTH]
    if not long_words:
        return queryset.filter(_contains(name, text))
    condition = Q()
    for word in long_words:
        condition &= Q(_contains(name, word)) | Q(TrigramWordSimilar(name, Unaccent(Value(word))))
    # A short word may be missing from a name that says it otherwise ("Biblioteca civica
    # Monza" for "Biblioteca di Monza"); a short number may not.
    for word in words:
        if len(word) < MIN_WORD_LENGTH and any(character.isdigit() for character in word):
            condition &= Q(_contains(name, word))
    return queryset.filter(condition)
