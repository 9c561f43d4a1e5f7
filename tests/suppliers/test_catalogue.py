"""The catalogue's pages: the list with its search, filters, orderings and export, and a
supplier's page with its rating summary and reviews."""

import csv
import io
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from members.models import Region
from suppliers.actions import hide_review, hide_supplier, write_review
from suppliers.models import Category, HelpfulVote, Supplier, SupplierKind
from tests.factories import UserFactory
from tests.pages import browsers
from tests.suppliers.factories import (
    CategoryFactory,
    ClaimFactory,
    ReviewFactory,
    SupplierFactory,
    review_data,
)

pytestmark = pytest.mark.django_db


def _t(msgid):
    return escape(gettext(msgid))


def _names(response):
    """The suppliers the list shows, in order: the titles of its cards."""
    return [
        unescape(name)
        for name in re.findall(
            r'<h3 class="card-title[^"]*"><a href="[^"]+">([^<]+)</a>', response.content.decode()
        )
    ]


def _list(client, **params):
    return client.get(reverse("suppliers:supplier-list"), params)


def _rated(name, *ratings, **kwargs):
    supplier = SupplierFactory(name=name, **kwargs)
    for rating in ratings:
        write_review(supplier=supplier, author=UserFactory(), data=review_data(rating=rating))
    return supplier


# The list --------------------------------------------------------------------------------------


def test_the_list_shows_published_suppliers_only(client):
    SupplierFactory(name="Cooperativa Pubblicata")
    SupplierFactory(name="Fornitore Proposto", status=Supplier.Status.PROPOSED)
    SupplierFactory(name="Fornitore Nascosto", status=Supplier.Status.HIDDEN)

    response = _list(client)

    assert response.status_code == 200
    assert _names(response) == ["Cooperativa Pubblicata"]


def test_the_list_orders_by_bayesian_score_by_default(client):
    _rated("Una sola recensione", 5)
    _rated("Molte recensioni", *([5] * 12 + [4] * 8))
    _rated("Nessuna recensione")
    _rated("Mediocre", 2, 2, 3)

    assert _names(_list(client)) == [
        "Molte recensioni",
        "Una sola recensione",
        "Nessuna recensione",
        "Mediocre",
    ]


def test_the_list_orders_by_reviews_newest_and_name(client):
    _rated("Beta", 4, 4, 4)
    _rated("Alfa", 5)
    _rated("Gamma")

    assert _names(_list(client, order="reviews")) == ["Beta", "Alfa", "Gamma"]
    assert _names(_list(client, order="newest")) == ["Gamma", "Alfa", "Beta"]
    assert _names(_list(client, order="name")) == ["Alfa", "Beta", "Gamma"]


def test_search_finds_words_in_name_description_categories_and_tags_in_italian(client):
    workshops = CategoryFactory(name="Laboratori di lettura", slug="laboratori-lettura")
    SupplierFactory(name="Officina del Libro", categories=[workshops], description="")
    SupplierFactory(name="Arredi Bianchi", description="Scaffali e arredi per biblioteche.")
    SupplierFactory(name="Altro", description="Niente di pertinente.")
    tagged = SupplierFactory(name="Studio Verdi", description="")
    tagged.tags.add("catalogazione")
    from suppliers.actions import refresh_search_terms

    refresh_search_terms(supplier=tagged)
    for supplier in Supplier.objects.exclude(pk=tagged.pk):
        refresh_search_terms(supplier=supplier)

    assert _names(_list(client, q="letture")) == ["Officina del Libro"]
    assert _names(_list(client, q="biblioteca")) == ["Arredi Bianchi"]
    assert _names(_list(client, q="catalogazione")) == ["Studio Verdi"]


def test_filter_by_area_includes_its_specialities(client):
    area = Category.objects.get(slug="promozione-lettura")
    speciality = Category.objects.get(slug="gruppi-lettura")
    SupplierFactory(name="Nell'area", categories=[area])
    SupplierFactory(name="Nella specialità", categories=[speciality])
    SupplierFactory(name="Altrove", categories=[Category.objects.get(slug="arredi")])

    assert sorted(_names(_list(client, category="promozione-lettura"))) == [
        "Nell'area",
        "Nella specialità",
    ]
    assert _names(_list(client, category="gruppi-lettura")) == ["Nella specialità"]


def test_filter_by_region_includes_nationwide_suppliers(client):
    lombardy = Region.objects.get(istat_code="03")
    tuscany = Region.objects.get(istat_code="09")
    SupplierFactory(name="Lombardo", regions=[lombardy])
    SupplierFactory(name="Toscano", regions=[tuscany])
    SupplierFactory(name="Nazionale", is_nationwide=True)

    assert sorted(_names(_list(client, region="03"))) == ["Lombardo", "Nazionale"]


def test_filters_by_kind_rating_verified_mepa_and_tag(client):
    _rated("Associazione Letture", 5, kind=SupplierKind.ASSOCIATION, is_verified=True)
    _rated("Ditta Arredi", 2, is_on_mepa=True).tags.add("arredi su misura")
    _rated("Libero Professionista", 4, kind=SupplierKind.FREELANCER)

    assert _names(_list(client, kind="association")) == ["Associazione Letture"]
    assert _names(_list(client, min_rating="4", order="name")) == [
        "Associazione Letture",
        "Libero Professionista",
    ]
    assert _names(_list(client, verified="on")) == ["Associazione Letture"]
    assert _names(_list(client, mepa="on")) == ["Ditta Arredi"]
    assert _names(_list(client, tag="arredi-su-misura")) == ["Ditta Arredi"]


def test_a_filtered_list_is_a_url_that_keeps_its_filters_in_the_pagination(client):
    for number in range(25):
        SupplierFactory(name=f"Cooperativa {number:02d}", kind=SupplierKind.COOPERATIVE)
    SupplierFactory(name="Ditta", kind=SupplierKind.COMPANY)

    response = _list(client, kind="cooperative", order="name")

    html = response.content.decode()
    assert len(_names(response)) == 20
    assert "?kind=cooperative&amp;order=name&amp;page=2" in html
    assert _names(_list(client, kind="cooperative", order="name", page=2))[0] == "Cooperativa 20"


def test_an_empty_result_says_so_and_offers_to_clear_the_filters(client):
    SupplierFactory(name="Cooperativa")

    response = _list(client, q="inesistente")

    assert _t("No supplier matches") in response.content.decode()
    assert _t("Clear the filters and see every supplier") in response.content.decode()


def _many_suppliers(count):
    """`count` published suppliers, each in two categories and two regions, with tags."""
    categories = list(Category.objects.all()[:2])
    regions = list(Region.objects.filter(istat_code__in=["03", "09"]))
    suppliers = Supplier.objects.bulk_create(
        Supplier(name=f"Fornitore {n}", slug=f"fornitore-{n}", kind="company", status="published")
        for n in range(count)
    )
    Supplier.categories.through.objects.bulk_create(
        Supplier.categories.through(supplier=supplier, category=category)
        for supplier in suppliers
        for category in categories
    )
    Supplier.regions.through.objects.bulk_create(
        Supplier.regions.through(supplier=supplier, region=region)
        for supplier in suppliers
        for region in regions
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_the_list_runs_the_same_queries_for_ten_or_a_thousand_suppliers(
    client, django_assert_num_queries, count
):
    _many_suppliers(count)

    # The region asked for; count, page, their categories and regions; the filter form's
    # categories, regions and tags.
    with django_assert_num_queries(8):
        response = _list(client, region="03", order="best")

    assert response.status_code == 200
    assert len(_names(response)) == 10 if count == 10 else 20


def _exported(response):
    """The rows of a streamed CSV export, as dicts keyed by its headings."""
    content = b"".join(response.streaming_content).decode()
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(content[1:])))


def test_the_export_is_the_filtered_list_as_csv_in_the_words_of_the_page(client):
    lombardy = Region.objects.get(istat_code="03")
    _rated(
        "Lombardo",
        5,
        4,
        regions=[lombardy, Region.objects.get(istat_code="09")],
        categories=[Category.objects.get(slug="gruppi-lettura")],
        vat_number="01234560017",
        is_on_mepa=True,
    ).tags.add("letture", "biblioteche")
    SupplierFactory(name="Toscano", regions=[Region.objects.get(istat_code="09")])
    SupplierFactory(name="Nascosto", status=Supplier.Status.HIDDEN, regions=[lombardy])

    response = client.get(reverse("suppliers:supplier-export"), {"region": "03"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="fornitori-')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"
    rows = _exported(response)
    assert [row["Nome"] for row in rows] == ["Lombardo"]
    assert rows[0] == {
        "Nome": "Lombardo",
        "Tipo": "Cooperativa",
        "Categorie": "Promozione della lettura e animazione — Gruppi di lettura",
        "Opera in tutta Italia": "No",
        "Regioni servite": "Lombardia; Toscana",
        "Partita IVA": "01234560017",
        "Codice fiscale": "",
        "Partita IVA UE": "",
        "Sul MePA": "Sì",
        "Iscritto al RUNTS": "No",
        "Sito web": "",
        "E-mail": "",
        "Telefono": "",
        "Indirizzo": "",
        "Etichette": "biblioteche; letture",
        "Verificato dalla Rete": "No",
        "Recensioni": "2",
        "Valutazione media": "4,5",
    }


def test_the_export_under_en_speaks_english(client):
    _rated(
        "Lombardo",
        5,
        4,
        categories=[Category.objects.get(slug="gruppi-lettura")],
        is_nationwide=True,
    )
    with translation.override("en"):
        url = reverse("suppliers:supplier-export")

    rows = _exported(client.get(url))

    assert url.startswith("/en/")
    assert rows[0]["Name"] == "Lombardo"
    assert rows[0]["Kind"] == "Cooperative"
    assert rows[0]["Categories"] == "Reading promotion and animation — Reading groups"
    assert rows[0]["Serves all of Italy"] == "Yes"
    assert rows[0]["On MePA"] == "No"
    assert rows[0]["Average rating"] == "4.5"


def test_the_export_follows_every_filter_of_the_list(client):
    _rated("Associazione Letture", 5, kind=SupplierKind.ASSOCIATION, is_verified=True)
    _rated("Ditta Arredi", 2, is_on_mepa=True).tags.add("arredi su misura")
    _rated("Libero Professionista", 4, kind=SupplierKind.FREELANCER)
    url = reverse("suppliers:supplier-export")

    def exported(**params):
        return [row["Nome"] for row in _exported(client.get(url, params))]

    for params, names in [
        ({"kind": "association"}, ["Associazione Letture"]),
        ({"min_rating": "4", "order": "name"}, ["Associazione Letture", "Libero Professionista"]),
        ({"verified": "on"}, ["Associazione Letture"]),
        ({"mepa": "on"}, ["Ditta Arredi"]),
        ({"tag": "arredi-su-misura"}, ["Ditta Arredi"]),
    ]:
        assert exported(**params) == names
        assert _names(_list(client, **params)) == names
    assert len(exported()) == 3


def test_the_export_defuses_cells_that_a_spreadsheet_would_run(client):
    SupplierFactory(name='=HYPERLINK("http://evil.example")', phone="+39 02 1234567")

    rows = _exported(client.get(reverse("suppliers:supplier-export")))

    assert rows[0]["Nome"] == '\'=HYPERLINK("http://evil.example")'
    assert rows[0]["Telefono"] == "'+39 02 1234567"


# A supplier's page -----------------------------------------------------------------------------


def test_the_page_shows_the_rating_summary_and_how_to_contact(client):
    supplier = _rated(
        "Cooperativa Il Melograno",
        5,
        4,
        4,
        website="https://melograno.example",
        email="info@melograno.example",
        phone="02 1234567",
    )

    response = client.get(supplier.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "4,3" in html
    assert "https://melograno.example" in html
    assert "mailto:info@melograno.example" in html
    assert 'value="67"' in html  # two of three reviews give 4 stars
    assert gettext("Value for money") in html


def test_the_page_lists_reviews_newest_or_most_helpful_first(client):
    supplier = SupplierFactory()
    older = ReviewFactory(supplier=supplier, text="Recensione più vecchia. " * 3, helpful_count=5)
    ReviewFactory(supplier=supplier, text="Recensione più recente. " * 3)

    newest = client.get(supplier.get_absolute_url()).content.decode()
    helpful = client.get(supplier.get_absolute_url(), {"sort": "helpful"}).content.decode()

    assert newest.index("più recente") < newest.index("più vecchia")
    assert helpful.index("più vecchia") < helpful.index("più recente")
    assert f'id="review-{older.pk}"' in helpful


def test_a_hidden_review_is_not_on_the_page_but_its_author_sees_it(client, staff):
    supplier = SupplierFactory()
    review = write_review(
        supplier=supplier,
        author=UserFactory(),
        data=review_data(text="Una recensione che la segreteria nasconderà. " * 2),
    )
    hide_review(review=review, by=staff, reason="Dati personali.")

    assert "nasconderà" not in client.get(supplier.get_absolute_url()).content.decode()
    client.force_login(review.author)
    assert "nasconderà" in client.get(supplier.get_absolute_url()).content.decode()


def test_markdown_with_a_script_is_shown_without_the_script(client):
    supplier = SupplierFactory(
        description="**Laboratori** <script>alert('x')</script> [link](javascript:alert(1))"
    )
    ReviewFactory(
        supplier=supplier,
        text="Ottimo servizio <img src=x onerror=alert(1)> e <script>alert(2)</script> " * 2,
    )

    html = client.get(supplier.get_absolute_url()).content.decode()

    assert "<strong>Laboratori</strong>" in html
    assert "alert(" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


@pytest.mark.parametrize("count", [2, 10])
def test_the_page_runs_the_same_queries_whatever_the_number_of_reviews(
    client, django_assert_num_queries, count
):
    area = Category.objects.get(slug="promozione-lettura")
    supplier = SupplierFactory(categories=[area, *area.children.all()])
    supplier.tags.add("letture", "laboratori")
    for review in ReviewFactory.create_batch(count, supplier=supplier):
        if review.pk % 2:
            from suppliers.models import Reply

            Reply.objects.create(review=review, author=None, text="Grazie della recensione.")

    # supplier, categories, regions, tags, count and page of reviews
    with django_assert_num_queries(6):
        response = client.get(supplier.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 10])
def test_a_members_page_runs_the_same_few_queries_whatever_the_number_of_reviews(
    django_assert_num_queries, count
):
    supplier = SupplierFactory(categories=[Category.objects.get(slug="promozione-lettura")])
    supplier.tags.add("letture")
    reviews = ReviewFactory.create_batch(count, supplier=supplier)
    member = UserFactory()
    HelpfulVote.objects.create(review=reviews[0], user=member)
    client = Client()
    client.force_login(member)

    # The session, the person, the suppliers they see unpublished, the supplier, what they did
    # with suppliers (reviews, claims, votes and e-mail address in one query), what its kept
    # profile shows, the count of the reviews and their page with the person's votes.
    with django_assert_num_queries(9):
        assert client.get(supplier.get_absolute_url()).status_code == 200
    # Again: only the supplier. The reviews are kept for the person, who voted one of them.
    with django_assert_num_queries(1):
        assert client.get(supplier.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("status", "person", "expected"),
    [
        ("published", None, 200),
        ("proposed", None, 404),
        ("proposed", "proposer", 200),
        ("proposed", "stranger", 404),
        ("proposed", "staff", 200),
        ("hidden", None, 404),
        ("hidden", "representative", 200),
        ("hidden", "stranger", 404),
    ],
)
def test_who_sees_a_supplier_page(client, staff, status, person, expected):
    proposer = UserFactory()
    supplier = SupplierFactory(status=status, proposed_by=proposer)
    people = {
        "proposer": proposer,
        "stranger": UserFactory(),
        "staff": staff,
        "representative": ClaimFactory(supplier=supplier).user,
    }
    if person:
        client.force_login(people[person])

    assert client.get(supplier.get_absolute_url()).status_code == expected


def test_the_logo_is_served_as_a_download_only_to_who_sees_the_supplier(client, settings):
    from django.core.files.base import ContentFile

    supplier = SupplierFactory(status=Supplier.Status.PROPOSED)
    supplier.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * 32))
    url = reverse("suppliers:supplier-logo", args=[supplier.slug])

    assert client.get(url).status_code == 404
    supplier.status = Supplier.Status.PUBLISHED
    supplier.save()
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_home_page_shows_the_top_rated_suppliers(client, django_assert_num_queries):
    _rated("Il Melograno", 5, 5)
    _rated("Le Storie", 3)
    SupplierFactory(name="Senza recensioni")

    # The latest news; the newest practices, featured first; the next events; the newest
    # documents; the top-rated suppliers.
    with django_assert_num_queries(5):
        html = client.get(reverse("portal:home")).content.decode()

    assert gettext("Top-rated suppliers") in html
    assert html.index("Il Melograno") < html.index("Le Storie")
    assert "Senza recensioni" not in html


def test_a_hidden_supplier_leaves_the_home_page(client, staff):
    supplier = _rated("Il Melograno", 5)
    hide_supplier(supplier=supplier, by=staff)

    assert "Il Melograno" not in client.get(reverse("portal:home")).content.decode()


def test_the_global_search_finds_published_suppliers(client):
    SupplierFactory(name="Cooperativa Il Melograno")
    SupplierFactory(name="Melograno nascosto", status=Supplier.Status.HIDDEN)

    html = client.get(reverse("portal:search"), {"q": "melograno"}).content.decode()

    assert "Cooperativa Il Melograno" in html
    assert "Melograno nascosto" not in html


def test_the_tags_of_a_proposal_stay_out_of_the_public_tag_filter(client):
    SupplierFactory(name="Cooperativa Pubblicata").tags.add("laboratori")
    SupplierFactory(name="Fornitore Proposto", status=Supplier.Status.PROPOSED).tags.add(
        "parola-privata"
    )

    html = client.get(reverse("suppliers:supplier-list")).content.decode()

    assert 'value="laboratori"' in html
    assert "parola-privata" not in html


def test_the_export_of_a_stale_filter_is_as_empty_as_the_list(client):
    SupplierFactory(name="Cooperativa Il Melograno")

    stale = client.get(reverse("suppliers:supplier-export"), {"kind": "not-a-kind"})
    valid = client.get(reverse("suppliers:supplier-export"), {"kind": "cooperative"})

    content = b"".join(stale.streaming_content).decode()
    assert "Melograno" not in content
    assert content.startswith("\ufeffNome,Tipo,")
    assert [row["Nome"] for row in _exported(valid)] == ["Cooperativa Il Melograno"]


def test_the_kept_reviews_carry_no_one_elses_vote_and_post_with_the_readers_own_token():
    supplier = SupplierFactory()
    review = ReviewFactory(supplier=supplier)
    voter, other, third = UserFactory(), UserFactory(), UserFactory()
    HelpfulVote.objects.create(review=review, user=voter)
    voter_client, other_client, third_client = browsers(voter, other, third)

    helpful = reverse("suppliers:review-helpful", args=[review.pk])
    # The voter's page says they found it helpful, with no button to vote again.
    assert helpful not in voter_client.get(supplier.get_absolute_url()).text
    # The next person, who did nothing with the reviews, has the button; so has the one after,
    # who reads the list kept for everyone alike.
    assert helpful in other_client.get(supplier.get_absolute_url()).text
    kept = third_client.get(supplier.get_absolute_url())
    assert helpful in kept.text

    # The "Helpful" button of the kept list carries each reader's own token: the vote counts.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept.text)[1]
    vote = third_client.post(helpful, {"csrfmiddlewaretoken": token})
    assert vote.status_code == 302
    assert HelpfulVote.objects.filter(review=review, user=third).exists()
