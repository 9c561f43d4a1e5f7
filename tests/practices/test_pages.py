"""The list, the detail page, the home section, the organisation section and the feeds."""

import datetime
import re

import pytest
from django.urls import reverse

from members.models import Region, ServiceArea
from practices.models import Audience, Licence
from tests.factories import OrganisationFactory, RoleFactory, UserFactory
from tests.pages import browsers
from tests.practices.factories import (
    AdoptionFactory,
    AttachmentFactory,
    CommentFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("practices:practice-list")


def _titles(response) -> list[str]:
    return re.findall(r'<h3 class="card-title h5 mb-2"><a href="[^"]+">([^<]+)</a>', response.text)


# The list ----------------------------------------------------------------------------------


def test_list_shows_published_practices_newest_first(client):
    now = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    PracticeFactory(title="Vecchia", published_at=now - datetime.timedelta(days=30))
    PracticeFactory(title="Nuova", published_at=now)

    assert _titles(client.get(LIST)) == ["Nuova", "Vecchia"]


def test_search_in_italian_finds_words_by_their_stem_and_tags(client):
    PracticeFactory(title="Letture ad alta voce", summary="Per i bambini delle biblioteche.")
    PracticeFactory(
        title="Gara unica per gli arredi", summary="Acquisti condivisi.", tags=["appalti"]
    )
    PracticeFactory(title="Altro", summary="Niente a che vedere.")

    assert _titles(client.get(LIST, {"q": "biblioteca bambino"})) == ["Letture ad alta voce"]
    assert _titles(client.get(LIST, {"q": "appalti"})) == ["Gara unica per gli arredi"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "project"}, ["Progetto"]),
        ({"theme": "SLUG"}, ["Pratica con tema"]),
        ({"audience": Audience.TEENAGERS}, ["Progetto"]),
        ({"region": "16"}, ["Progetto"]),
        ({"macro_area": "sud"}, ["Progetto"]),
        ({"licence": Licence.CC0}, ["Pratica con tema"]),
        ({"featured": "on"}, ["Pratica con tema"]),
        ({"year": "2022"}, ["Progetto"]),
        ({"organisation": "autrice"}, ["Pratica con tema"]),
        # Typed in the box: words of the name, forgiving accents.
        ({"organisation": "biblioteca Cantu"}, ["Pratica con tema"]),
    ],
)
def test_filters_narrow_the_list(client, params, expected):
    theme = ServiceArea.objects.first()
    PracticeFactory(
        title="Pratica con tema",
        themes=[theme],
        licence=Licence.CC0,
        is_featured=True,
        organisation=OrganisationFactory(slug="autrice", name="Biblioteca civica di Cantù"),
    )
    PracticeFactory(
        title="Progetto",
        kind="project",
        audiences=[Audience.TEENAGERS, Audience.SCHOOLS],
        region=Region.objects.get(istat_code="16"),
        started_on=datetime.date(2021, 9, 1),
        ended_on=datetime.date(2023, 6, 30),
    )
    params = {key: theme.slug if value == "SLUG" else value for key, value in params.items()}

    assert _titles(client.get(LIST, params)) == expected


def test_list_orders_by_adoptions_and_by_title(client):
    little = PracticeFactory(title="Bravi")
    much = PracticeFactory(title="Zeta")
    PracticeFactory(title="Alfa")
    AdoptionFactory(practice=much)
    AdoptionFactory(practice=much)
    AdoptionFactory(practice=little)

    assert _titles(client.get(LIST, {"order": "adopted"})) == ["Zeta", "Bravi", "Alfa"]
    assert _titles(client.get(LIST, {"order": "title"})) == ["Alfa", "Bravi", "Zeta"]


def test_list_paginates_and_keeps_the_filters_in_the_page_links(client):
    for number in range(14):
        PracticeFactory(title=f"Progetto {number:02d}", kind="project")

    first = client.get(LIST, {"kind": "project"})
    second = client.get(LIST, {"kind": "project", "page": 2})

    assert len(_titles(first)) == 12
    assert len(_titles(second)) == 2
    assert "kind=project&amp;page=2" in first.text


def test_list_says_when_nothing_matches(client):
    response = client.get(LIST, {"q": "inesistente"})

    assert "Nessuna pratica corrisponde" in response.text


def test_list_runs_the_same_queries_whatever_the_number_of_rows(
    client, base_user, django_assert_num_queries
):
    themes = list(ServiceArea.objects.all()[:3])
    for _ in range(30):
        practice = PracticeFactory(themes=themes, region=Region.objects.first())
        AdoptionFactory(practice=practice)
    client.force_login(base_user)

    # Session, user, the person's roles (can_propose), count, page, themes of the page; the
    # filter form's themes and regions. Then the session, the person and their roles are kept.
    with django_assert_num_queries(7):
        first = client.get(LIST)
    with django_assert_num_queries(5):
        client.get(LIST, {"page": 2, "order": "adopted"})
    assert len(_titles(first)) == 12


# The detail page ---------------------------------------------------------------------------


def test_detail_shows_the_practice_its_attachments_adoptions_and_related_practices(client):
    theme = ServiceArea.objects.first()
    practice = PracticeFactory(
        title="Biblioteca diffusa",
        themes=[theme],
        tags=["prossimità"],
        audiences=[Audience.SENIORS],
        results="Prestiti **raddoppiati**.",
        indicators="Prestiti: +100%\nNuovi iscritti: 300",
        replication="Due persone per sei mesi.",
    )
    AttachmentFactory(practice=practice, caption="Manifesto della campagna")
    adoption = AdoptionFactory(practice=practice, note="Nei nostri quartieri.")
    PracticeFactory(title="Sullo stesso tema", themes=[theme])

    response = client.get(practice.get_absolute_url())

    text = response.text
    assert "Biblioteca diffusa" in text
    assert "Prestiti <strong>raddoppiati</strong>." in text
    assert "Nuovi iscritti: 300" in text
    assert "Manifesto della campagna" in text
    assert adoption.organisation.name in text
    assert "Nei nostri quartieri." in text
    assert "Sullo stesso tema" in text
    assert "prossimità" in text
    assert "Anziani" in text


def test_markdown_in_a_practice_cannot_run_script(client):
    practice = PracticeFactory(
        body='<script>alert(1)</script>[clic](javascript:alert(2)) <img src=x onerror="alert(3)">',
        results='<a href="#" onclick="alert(4)">risultati</a>',
        replication="<iframe src='https://example.com'></iframe>",
    )
    CommentFactory(practice=practice, body="<script>alert(5)</script>**ciao**")

    text = client.get(practice.get_absolute_url()).text

    assert "alert(" not in text
    assert "javascript:" not in text
    assert "<iframe" not in text
    assert "<strong>ciao</strong>" in text


def test_detail_runs_the_same_queries_whatever_the_number_of_rows(
    client, official_referent, django_assert_num_queries
):
    theme = ServiceArea.objects.first()
    big = PracticeFactory(themes=[theme], tags=["uno", "due", "tre"])
    small = PracticeFactory(themes=[theme], tags=["uno"])
    for _ in range(8):
        AttachmentFactory(practice=big)
        AdoptionFactory(practice=big)
        CommentFactory(practice=big)
        PracticeFactory(derived_from=big, themes=[theme])
    client.force_login(official_referent)

    # Session, user, the person's roles, the practice, who commented; and, for the page's
    # kept fragments, its organisation, attachments, adoptions, the organisations the person
    # may record an adoption for and may derive for, derivatives, comments counted and listed,
    # themes, partners, tags and related practices. The second page reads the session, the
    # person and the roles from the cache.
    with django_assert_num_queries(17):
        client.get(big.get_absolute_url())
    with django_assert_num_queries(14):  # no comment to list once counted
        client.get(small.get_absolute_url())
    # Again: only the practice; every fragment is kept.
    with django_assert_num_queries(1):
        client.get(big.get_absolute_url())


# Elsewhere on the portal -------------------------------------------------------------------


def test_home_page_shows_featured_practices_first(client):
    PracticeFactory(title="Pratica recente")
    PracticeFactory(
        title="Pratica eccellente",
        is_featured=True,
        published_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )

    text = client.get(reverse("portal:home")).text

    assert text.index("Pratica eccellente") < text.index("Pratica recente")


def test_organisation_page_lists_its_practices_and_the_ones_it_adopted(client):
    organisation = OrganisationFactory()
    PracticeFactory(organisation=organisation, title="La nostra pratica")
    PracticeFactory(organisation=organisation, title="La nostra bozza", draft=True)
    AdoptionFactory(organisation=organisation, practice__title="Pratica adottata")

    text = client.get(organisation.get_absolute_url()).text

    assert "La nostra pratica" in text
    assert "Pratica adottata" in text
    assert "La nostra bozza" not in text


def _section(text, heading):
    """The titles and authors listed under `heading` in the organisation's practices."""
    start = text.index(f">{heading}</h3>")
    items = text[start : text.index("</ul>", start)]
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a> — ([^<]+?)(?: <|</li>)', items)


def test_partner_organisation_page_lists_the_practices_it_took_part_in(client):
    partner = OrganisationFactory(name="Biblioteca civica di Merate")
    author = OrganisationFactory(name="Sistema Lecchese")
    PracticeFactory(organisation=author, title="Leggere in rete", partners=[partner])
    PracticeFactory(organisation=author, title="Progetto in bozza", partners=[partner], draft=True)
    PracticeFactory(organisation=author, title="Pratica senza partner")

    text = client.get(partner.get_absolute_url()).text

    assert _section(text, "Pratiche a cui ha partecipato") == [
        ("Leggere in rete", "Sistema Lecchese")
    ]
    assert "Progetto in bozza" not in text
    assert "Pratica senza partner" not in text


def test_a_draft_the_partner_took_part_in_shows_only_to_the_authors_referents(client):
    partner = OrganisationFactory(name="Biblioteca civica di Merate")
    author_referent = RoleFactory(organisation__name="Sistema Lecchese").user
    partner_referent = RoleFactory(organisation=partner).user
    PracticeFactory(
        organisation=author_referent.roles.get().organisation,
        title="Progetto in bozza",
        partners=[partner],
        draft=True,
    )

    client.force_login(partner_referent)
    assert "Progetto in bozza" not in client.get(partner.get_absolute_url()).text
    client.force_login(author_referent)
    assert "Progetto in bozza" in client.get(partner.get_absolute_url()).text


def test_global_search_finds_published_practices(client):
    PracticeFactory(title="Bibliobus nelle frazioni")

    assert (
        "Bibliobus nelle frazioni" in client.get(reverse("portal:search"), {"q": "bibliobus"}).text
    )


@pytest.mark.parametrize("name", ["practices:practice-feed-rss", "practices:practice-feed-atom"])
def test_feeds_list_newly_published_practices(client, name):
    PracticeFactory(title="Pratica nel feed")
    PracticeFactory(title="Bozza fuori dal feed", draft=True)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "Pratica nel feed" in response.text
    assert "Bozza fuori dal feed" not in response.text


def test_english_pages_have_translated_addresses(client):
    practice = PracticeFactory(slug="bibliobus")

    assert reverse("practices:practice-list") == "/buone-pratiche/"
    assert client.get(f"/en/practices/{practice.slug}/").status_code == 200


def test_a_year_outside_the_calendar_is_refused_not_a_crash(client):
    PracticeFactory(title="Bibliobus nelle frazioni")

    response = client.get(LIST, {"year": "0"})

    assert response.status_code == 200
    assert "year" in response.context["filter"].form.errors


def test_global_search_shows_a_referents_published_practice_once(client, official_referent):
    organisation = official_referent.roles.get().organisation
    PracticeFactory(title="Bibliobus nelle frazioni", organisation=organisation)
    PracticeFactory(title="Bibliobus nelle frazioni", organisation=organisation, draft=True)
    client.force_login(official_referent)

    response = client.get(reverse("portal:search"), {"q": "bibliobus"})

    assert response.text.count("Bibliobus nelle frazioni") == 1


def test_comments_show_the_authors_name_never_their_address(client):
    practice = PracticeFactory()
    CommentFactory(
        practice=practice,
        author=UserFactory(first_name="", last_name="", email="privata@biblioteca.example"),
    )
    CommentFactory(practice=practice, author=UserFactory(first_name="Lucia", last_name="Conti"))

    page = client.get(practice.get_absolute_url()).text

    assert "privata@biblioteca.example" not in page
    assert "Un utente del portale" in page
    assert "Lucia Conti" in page


def test_the_kept_comments_and_forms_carry_no_one_elses_links_or_organisations(
    official_referent,
):
    practice = PracticeFactory()
    comment = CommentFactory(practice=practice, body="Lo abbiamo provato anche noi.")
    edit_url = reverse("practices:comment-edit", args=[practice.slug, comment.pk])
    managed = official_referent.roles.get().organisation
    author, referent, nobody = browsers(comment.author, official_referent, UserFactory())

    assert edit_url in author.get(practice.get_absolute_url()).text
    # The referent of another organisation: no edit link on someone else's comment, and the
    # adoption form offers their own organisation.
    page = referent.get(practice.get_absolute_url()).text
    assert "Lo abbiamo provato anche noi." in page
    assert edit_url not in page
    assert f'<option value="{managed.pk}"' in page
    # Someone who manages nothing gets no adoption form, not the referent's one.
    page = nobody.get(practice.get_absolute_url()).text
    assert edit_url not in page
    assert f'<option value="{managed.pk}"' not in page
    assert reverse("practices:practice-adopt", args=[practice.slug]) not in page


def test_a_long_conversation_opens_on_its_newest_comments_and_pages_back(client):
    practice = PracticeFactory()
    for number in range(1, 26):
        CommentFactory(practice=practice, body=f"Commento numero {number:02}.")

    newest = client.get(practice.get_absolute_url()).text
    assert "Commento numero 25." in newest
    assert "Commento numero 06." in newest
    assert "Commento numero 05." not in newest
    assert newest.index("Commento numero 06.") < newest.index("Commento numero 25.")
    assert "?page=2" in newest
    oldest = client.get(practice.get_absolute_url(), {"page": "2"}).text
    assert "Commento numero 01." in oldest
    assert "Commento numero 25." not in oldest
