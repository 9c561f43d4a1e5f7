"""Full-text search in Italian: accents ignored, stems matched, best first, typos forgiven."""

import pytest
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.test.utils import isolate_apps
from django.utils.safestring import SafeString

from members.models import User
from portal.lib.search import (
    SEARCH_CONFIG,
    SearchQuerySetMixin,
    ranked_search,
    search_vector,
    trigram_index,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def people():
    """Users searchable by name: surname weighs more than first name."""
    vector = search_vector(("last_name", "A"), ("first_name", "B"))
    return User.objects.annotate(search_vector=vector)


def search(text, **kwargs):
    kwargs.setdefault("headline_field", "last_name")
    kwargs.setdefault("trigram_field", "last_name")
    return list(ranked_search(people(), text, **kwargs))


def lexemes(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_accents_are_ignored_both_ways():
    accented = UserFactory(first_name="Niccolò", last_name="Rossi")
    plain = UserFactory(first_name="Nicolo", last_name="Verdi")

    assert search("niccolo") == [accented]
    assert search("Nicolò") == [plain]


def test_italian_stemming_matches_plural_and_singular():
    assert lexemes(
        "SELECT to_tsvector(%s, 'Le biblioteche civiche') @@ to_tsquery(%s, 'biblioteca')",
        SEARCH_CONFIG,
        SEARCH_CONFIG,
    )


def test_italian_stop_words_are_dropped():
    vector = lexemes("SELECT to_tsvector(%s, 'Il prestito della biblioteca')::text", SEARCH_CONFIG)

    assert "prest" in vector
    assert "bibliotec" in vector
    assert "'il'" not in vector
    assert "della" not in vector


def test_better_match_comes_first():
    by_surname = UserFactory(first_name="Marco", last_name="Bellini")
    by_first_name = UserFactory(first_name="Bellini", last_name="Verdi")

    assert search("bellini") == [by_surname, by_first_name]


def test_rank_is_annotated():
    UserFactory(last_name="Bellini")

    [result] = search("bellini")

    assert result.search_rank > 0


def test_headline_marks_the_matched_word_and_escapes_html_from_the_text():
    UserFactory(first_name="Anna", last_name="Rossi <b>Bellini</b> & figli")

    [result] = search("bellini")

    assert isinstance(result.search_headline, SafeString)
    assert "<mark>Bellini</mark>" in result.search_headline
    assert "&lt;b&gt;" in result.search_headline
    assert "<b>" not in result.search_headline
    assert "&amp; figli" in result.search_headline


def test_misspelt_surname_is_found_by_similarity():
    bellini = UserFactory(first_name="Vincenzo", last_name="Bellini")
    UserFactory(first_name="Maria", last_name="Rossi")

    results = search("Bellni")

    assert results == [bellini]
    assert 0 < results[0].search_rank <= 1


def test_similarity_fallback_ignores_accents():
    nicolo = UserFactory(first_name="Anna", last_name="Nicolò")

    assert search("Nicoló") == [nicolo]


def test_no_fallback_without_a_trigram_field():
    UserFactory(last_name="Bellini")

    assert search("Bellni", trigram_field=None) == []


def test_similar_names_are_not_added_when_the_text_matches_exactly():
    UserFactory(last_name="Bellini")
    exact = UserFactory(last_name="Bellni")

    assert search("Bellni") == [exact]


@pytest.mark.parametrize(
    "text", ['"unterminated', "a & | !", "", "   ", "(((", "-", "\x00bellini", "'", "x" * 5000]
)
def test_odd_input_does_not_raise(text):
    UserFactory(last_name="Bellini")

    search(text)


def test_empty_query_finds_nothing():
    UserFactory(last_name="Bellini")

    assert search("") == []


def test_web_search_syntax_is_understood():
    bellini = UserFactory(first_name="Vincenzo", last_name="Bellini")
    UserFactory(first_name="Vincenzo", last_name="Rossi")

    assert search("vincenzo -rossi") == [bellini]
    assert search('"vincenzo bellini"') == [bellini]


def test_only_the_first_matching_rows_in_the_querysets_order_are_ranked():
    # User.Meta.ordering is by e-mail: the cap keeps the first two addresses.
    first = UserFactory(last_name="Bellini", email="a@biblioteca.example")
    UserFactory(last_name="Bellini", email="c@biblioteca.example")
    second = UserFactory(last_name="Bellini", email="b@biblioteca.example")

    assert set(search("bellini", cap=2)) == {first, second}


def test_search_respects_the_queryset_it_is_given():
    UserFactory(last_name="Bellini", is_active=False)
    active = UserFactory(last_name="Bellini")

    results = ranked_search(people().filter(is_active=True), "bellini")

    assert list(results) == [active]


@isolate_apps("portal")
def test_a_model_stores_its_vector_in_a_generated_field_and_searches_through_the_mixin():
    class PracticeQuerySet(SearchQuerySetMixin, models.QuerySet):
        search_headline_field = "summary"
        search_trigram_field = "title"

    class Practice(models.Model):
        title = models.CharField(max_length=200)
        summary = models.TextField(blank=True)
        search_vector = models.GeneratedField(
            expression=search_vector(("title", "A"), ("summary", "B")),
            output_field=SearchVectorField(),
            db_persist=True,
        )

        objects = PracticeQuerySet.as_manager()

        class Meta:
            app_label = "portal"
            indexes = [
                GinIndex(fields=["search_vector"], name="test_practice_search"),
                trigram_index("title", name="test_practice_title_trgm"),
            ]

        def __str__(self):
            return self.title

    with connection.schema_editor() as editor:
        editor.create_model(Practice)
    reading = Practice.objects.create(
        title="Letture ad alta voce", summary="Gruppi di lettura nelle biblioteche civiche."
    )
    Practice.objects.create(title="Prestito interbibliotecario", summary="Libri in movimento.")

    [found] = Practice.objects.search("biblioteca")
    assert found == reading
    assert "<mark>biblioteche</mark>" in found.search_headline
    assert list(Practice.objects.search("Leture")) == [reading]
