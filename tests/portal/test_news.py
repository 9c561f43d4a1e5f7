"""The network's news: the list with its tag filter, the post's page, the feeds, the home page
section, the search, and posts scheduled for a later date."""

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from portal.demo import seed_news
from portal.lib.samples import png_bytes
from portal.models import News
from tests.factories import UserFactory
from tests.portal.factories import NewsFactory

pytestmark = pytest.mark.django_db

LIST = reverse("portal:news-list")


def _login(client, request, person):
    if person != "visitor":
        client.force_login(request.getfixturevalue(person))
    return client


# The list ------------------------------------------------------------------------------------


def test_the_list_shows_published_news_newest_first(client):
    NewsFactory(title="Corso di catalogazione", published_at=_days_ago(5))
    NewsFactory(title="Assemblea degli aderenti", published_at=_days_ago(1))
    page = client.get(LIST).text
    assert "2 notizie" in page
    assert page.index("Assemblea degli aderenti") < page.index("Corso di catalogazione")


def test_the_list_paginates_by_twelve(client):
    for _ in range(13):
        NewsFactory()
    assert client.get(LIST).text.count('class="card-title') == 12
    assert client.get(LIST, {"page": 2}).text.count('class="card-title') == 1


def test_the_list_filters_by_tag(client):
    NewsFactory(title="Gara per gli arredi", tags=["appalti"])
    NewsFactory(title="Corso di lettura ad alta voce", tags=["formazione"])
    page = client.get(LIST, {"tag": "appalti"}).text
    assert "Gara per gli arredi" in page
    assert "Corso di lettura ad alta voce" not in page
    assert "#appalti" in page


def test_the_list_says_when_there_is_no_news_yet(client):
    assert "La Rete non ha ancora pubblicato notizie." in client.get(LIST).text


def test_a_tag_with_no_news_offers_the_whole_list(client):
    NewsFactory(tags=["formazione"])
    page = client.get(LIST, {"tag": "inesistente"}).text
    assert "Nessuna notizia ha questa etichetta." in page
    assert "Vedi tutte le notizie" in page


def test_the_header_leads_to_the_news_before_the_network(client):
    page = client.get(reverse("portal:home")).text
    navigation = page[page.index(f'href="{reverse("services:service-list")}"') :]
    assert navigation.index(f'href="{LIST}"') < navigation.index(
        f'href="{reverse("portal:about")}"'
    )


@pytest.mark.parametrize(("person", "queries"), [("visitor", 4), ("base_user", 6), ("staff", 6)])
def test_the_list_runs_a_constant_number_of_queries(
    client, request, django_assert_num_queries, person, queries
):
    _login(client, request, person)
    for _ in range(14):
        NewsFactory(tags=["formazione", "lettura", "appalti"])
    # The count, the page of posts, their tags, the list of tags (and the person's session).
    with django_assert_num_queries(queries):
        response = client.get(LIST)
    assert response.text.count('class="card-title') == 12


# The post's page -----------------------------------------------------------------------------


def test_the_post_shows_its_image_tags_date_and_author(client):
    news = NewsFactory(
        title="Corso sul Codice degli appalti",
        body="Quattro incontri **online**.",
        author=UserFactory(first_name="Giulia", last_name="Ferraris", is_staff=True),
        tags=["appalti", "formazione"],
    )
    page = client.get(news.get_absolute_url()).text
    assert "<strong>online</strong>" in page
    assert (
        f'src="{reverse("portal:news-image", args=[news.slug])}" alt="Locandina del corso"' in page
    )
    assert "#appalti" in page
    assert "Giulia Ferraris" in page
    published = formats.date_format(timezone.localtime(news.published_at), "DATE_FORMAT")
    assert f"{published}</time>" in page


def test_the_body_is_sanitized(client):
    news = NewsFactory(body="Testo <script>alert(1)</script> [link](javascript:alert(1))")
    page = client.get(news.get_absolute_url()).text
    assert "alert(1)</script>" not in page.split("<main", 1)[1]
    assert "javascript:" not in page


def test_the_image_is_sent_to_whoever_may_read_the_post(client):
    news = NewsFactory()
    response = client.get(reverse("portal:news-image", args=[news.slug]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize(("person", "queries"), [("visitor", 2), ("base_user", 4), ("staff", 4)])
def test_the_post_runs_a_constant_number_of_queries(
    client, request, django_assert_num_queries, person, queries
):
    _login(client, request, person)
    news = NewsFactory(tags=["formazione", "lettura", "appalti", "gare"])
    # The post with its author, and its tags (and the person's session).
    with django_assert_num_queries(queries):
        response = client.get(news.get_absolute_url())
    assert response.status_code == 200


# Feeds -----------------------------------------------------------------------------------------


def test_the_feeds_carry_published_news_and_are_announced_in_the_page_head(client):
    NewsFactory(title="Assemblea degli aderenti", body="Ordine del giorno **approvato**.")
    rss = client.get(reverse("portal:news-feed-rss"))
    atom = client.get(reverse("portal:news-feed-atom"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    for feed in (rss.text, atom.text):
        assert "Assemblea degli aderenti" in feed
        assert "formazione" in feed
    head = client.get(LIST).text.split("</head>")[0]
    rss_link = reverse("portal:news-feed-rss")
    title = "Notizie della Rete delle Reti (RSS)"
    assert f'type="application/rss+xml" title="{title}" href="{rss_link}"' in head
    assert f'href="{reverse("portal:news-feed-atom")}"' in head


# The home page ---------------------------------------------------------------------------------


def test_the_home_page_shows_the_three_latest_news(client):
    for days in range(1, 6):
        NewsFactory(title=f"Notizia di {days} giorni fa", published_at=_days_ago(days))
    page = client.get(reverse("portal:home")).text
    assert "Notizia di 1 giorni fa" in page
    assert "Notizia di 3 giorni fa" in page
    assert "Notizia di 4 giorni fa" not in page


def test_staff_see_the_same_home_page_news_as_everyone(client, staff):
    NewsFactory(title="Bando in arrivo", scheduled=True)
    client.force_login(staff)
    assert "Bando in arrivo" not in client.get(reverse("portal:home")).text


# Search ----------------------------------------------------------------------------------------


def test_the_global_search_finds_news_by_title_tag_and_text(client):
    news = NewsFactory(title="Corso sul Codice degli appalti", tags=["fundraising"])
    for words in ("appalti", "fundraising", "incontri"):
        page = client.get(reverse("portal:search"), {"q": words}).text
        assert news.get_absolute_url() in page, words


# Scheduled posts -------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["visitor", "base_user", "official_referent"])
def test_a_scheduled_post_is_hidden_until_its_date(client, request, person):
    _login(client, request, person)
    news = NewsFactory(title="Bando per il fundraising", scheduled=True)
    assert client.get(news.get_absolute_url()).status_code == 404
    assert client.get(reverse("portal:news-image", args=[news.slug])).status_code == 404
    assert "Bando per il fundraising" not in client.get(LIST).text
    assert "Bando per il fundraising" not in client.get(reverse("portal:news-feed-rss")).text
    assert "Bando per il fundraising" not in client.get(reverse("portal:news-feed-atom")).text
    assert "Bando per il fundraising" not in client.get(reverse("portal:home")).text
    search = client.get(reverse("portal:search"), {"q": "fundraising"}).text
    assert news.get_absolute_url() not in search


def test_staff_see_a_scheduled_post_marked_as_such(client, staff):
    news = NewsFactory(title="Bando per il fundraising", scheduled=True)
    client.force_login(staff)
    page = client.get(news.get_absolute_url()).text
    assert "Programmata" in page
    assert "Solo lo staff della Rete vede questa notizia" in page
    assert "Bando per il fundraising" in client.get(LIST).text


def test_a_scheduled_post_appears_on_its_date_although_the_pages_were_cached(client, clock):
    # Due in five minutes: sooner than a cached page expires on its own.
    news = NewsFactory(
        title="Bando per il fundraising", published_at=_days_ago(0) + datetime.timedelta(minutes=5)
    )
    for address in (reverse("portal:home"), LIST):
        client.get(address)
        cached = client.get(address)
        assert cached["X-Page-Cache"] == "hit"
        assert "Bando per il fundraising" not in cached.text

    clock.advance(datetime.timedelta(minutes=6))

    assert "Bando per il fundraising" in Client().get(reverse("portal:home")).text
    assert "Bando per il fundraising" in Client().get(LIST).text
    assert Client().get(news.get_absolute_url()).status_code == 200
    assert "Bando per il fundraising" in Client().get(reverse("portal:news-feed-rss")).text
    search = Client().get(reverse("portal:search"), {"q": "fundraising"}).text
    assert news.get_absolute_url() in search


# Writing news in the admin ---------------------------------------------------------------------


def _admin_form(**fields):
    return {
        "title": "Nuovo corso di formazione",
        "slug": "nuovo-corso-di-formazione",
        "summary": "Le iscrizioni sono aperte.",
        "body": "Il corso si tiene a **Monza**.",
        "image_alt": "",
        "tags": "formazione, corsi",
        "published_at_0": "01/12/2026",
        "published_at_1": "09:00:00",
        "author": "",
        **fields,
    }


def test_staff_publish_a_post_from_the_admin_and_it_is_searchable(staff_client):
    response = staff_client.post(reverse("admin:portal_news_add"), _admin_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    news = News.objects.get(slug="nuovo-corso-di-formazione")
    assert sorted(news.tags.names()) == ["corsi", "formazione"]
    assert list(News.objects.search("corsi")) == [news]


def test_the_admin_refuses_an_image_whose_content_is_not_an_image(staff_client):
    fake = SimpleUploadedFile("foto.png", b"%PDF-1.4 not a picture", content_type="image/png")
    response = staff_client.post(
        reverse("admin:portal_news_add"), _admin_form(image=fake, image_alt="Una foto")
    )
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert not News.objects.exists()


def test_the_admin_asks_for_the_alternative_text_of_an_image(staff_client):
    image = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    response = staff_client.post(reverse("admin:portal_news_add"), _admin_form(image=image))
    assert response.status_code == 200
    assert "image_alt" in response.context["adminform"].form.errors
    assert not News.objects.exists()


# Open Graph and JSON-LD -------------------------------------------------------------------------


def test_the_post_describes_itself_as_an_article_for_shared_links(client, settings):
    settings.PORTAL_SITE_URL = "https://portale.example"
    news = NewsFactory(title="Assemblea degli aderenti", summary="Convocata per marzo.")
    head = client.get(news.get_absolute_url()).text.split("</head>")[0]
    assert '<meta property="og:title" content="Assemblea degli aderenti">' in head
    assert '<meta property="og:description" content="Convocata per marzo.">' in head
    assert '<meta property="og:type" content="article">' in head
    assert (
        f'<meta property="og:url" content="https://portale.example{news.get_absolute_url()}">'
        in head
    )
    image = reverse("portal:news-image", args=[news.slug])
    assert f'<meta property="og:image" content="https://portale.example{image}">' in head
    assert '<meta property="og:locale" content="it_IT">' in head
    assert '<meta property="og:site_name" content="Rete delle Reti">' in head


def test_the_post_carries_its_news_article_data(client):
    news = NewsFactory(title="Assemblea degli aderenti")
    data = _json_ld(client.get(news.get_absolute_url()).text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Assemblea degli aderenti"
    assert data["image"].endswith(reverse("portal:news-image", args=[news.slug]))


def test_a_title_that_closes_the_script_stays_plain_text(client):
    title = '</script><script>alert("x")</script> & <b>'
    news = NewsFactory(title=title)
    html = client.get(news.get_absolute_url()).text
    head = html.split("</head>")[0]
    assert "<script>alert" not in head
    assert "\\u003C/script\\u003E" in head
    assert _json_ld(html)["headline"] == title


def _json_ld(html):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def _days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


# Demo data -------------------------------------------------------------------------------------


def test_the_demo_news_have_tags_images_and_one_scheduled_post_and_load_once(client, staff):
    assert seed_news(staff=staff) == 8
    assert seed_news(staff=staff) == 0
    assert News.objects.published().count() == 7
    scheduled = News.objects.exclude(pk__in=News.objects.published()).get()
    assert scheduled.tags.exists()
    assert News.objects.exclude(image="").filter(image_alt__gt="").count() >= 3
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert "7 notizie" in client.get(LIST).text
