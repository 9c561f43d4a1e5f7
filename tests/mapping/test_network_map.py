"""The map of the network: a shape per region shaded by the share of the registry's libraries
in a system, the systems at their seat, the same figures in a table, and its queries.

The data set: in Milan (Lombardy) four registry libraries, three of them in a system (75%: the
fourth shade); in Siena (Tuscany) one registry library in no system (0%: the first shade);
no registry library anywhere else.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from mapping.networkmap import project
from members.models import OrganisationKind
from tests.factories import LibraryLinkFactory, OrganisationFactory, place

pytestmark = pytest.mark.django_db

MAP = "mapping:network-map"


def registry_library(name, where, **fields):
    return OrganisationFactory(
        name=name, kind=OrganisationKind.LIBRARY, in_registry=True, **place(*where), **fields
    )


@pytest.fixture
def libraries(db):
    system = OrganisationFactory(name="Sistema Milanese", **place("03", "015"))
    for number in range(3):
        LibraryLinkFactory(
            library=registry_library(
                f"Biblioteca {number}",
                ("03", "015"),
                latitude=Decimal("45.4642"),
                longitude=Decimal("9.1900"),
            ),
            system=system,
        )
    registry_library("Biblioteca sola", ("03", "015"))
    registry_library("Biblioteca senese", ("09", "052"))
    # Not a registry library: never counted.
    OrganisationFactory(name="Biblioteca D", kind=OrganisationKind.LIBRARY, **place("09", "052"))
    return system


def english_map(client):
    with translation.override("en"):
        return client.get(reverse(MAP))


def test_the_map_has_a_shape_per_region_with_its_shade(client, libraries):
    html = english_map(client).text

    found = {
        code: shade
        for shade, code in re.findall(
            r'<path class="map-region ([\w-]+)" data-region="(\d+)"', html
        )
    }
    assert len(found) == 20
    assert found["03"] == "map-shade-3"
    assert found["09"] == "map-shade-0"
    assert found["16"] == "map-shade-none"


def test_the_table_matches_the_map(client, libraries):
    html = english_map(client).text

    on_map = {
        code: shade
        for shade, code in re.findall(
            r'<path class="map-region ([\w-]+)" data-region="(\d+)"', html
        )
    }
    in_table = dict(re.findall(r'<tr data-region="(\d+)" data-shade="([\w-]+)">', html))
    assert in_table == on_map
    lombardy = html[html.index('<tr data-region="03"') :].split("</tr>", 1)[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", lombardy)
    assert [re.sub(r"<[^>]+>", "", cell).split(" ")[0] for cell in cells] == [
        "4",
        "3",
        "75.0%",
        "1",
        "1",
    ]


def test_a_region_links_to_the_directory_and_its_libraries_in_no_system(client, libraries):
    html = english_map(client).text
    with translation.override("en"):
        directory = reverse("members:organisation-list")

    assert f'<a href="{directory}?region=03"><path' in html
    assert f'href="{directory}?region=03&amp;no_system=on"' in html
    assert f'href="{directory}?region=09&amp;no_system=on"' in html
    # The count of libraries in no system is written on the region.
    assert re.search(r'<text class="map-count" x="[\d.]+" y="[\d.]+">1</text>', html)


def test_the_libraries_in_no_system_link_lists_them(client, libraries):
    response = client.get(reverse("members:organisation-list"), {"region": "03", "no_system": "on"})

    assert "Biblioteca sola" in response.text
    assert "Biblioteca 0" not in response.text


def test_systems_are_drawn_at_their_seat(client, libraries):
    html = english_map(client).text

    x, y = project(45.4642, 9.19)
    assert (
        f'<circle class="map-system" cx="{x}" cy="{y}" r="4"><title>Sistema Milanese</title>'
        in html
    )


def test_the_projection_puts_cities_in_their_region():
    # Rome within Lazio's outline box, Palermo within Sicily's, Milan within Lombardy's.
    assert 247 < project(41.9, 12.5)[0] < 380
    assert 307 < project(41.9, 12.5)[1] < 442
    assert 272 < project(38.12, 13.36)[0] < 463
    assert 579 < project(38.12, 13.36)[1] < 792
    assert 96 < project(45.46, 9.19)[0] < 246
    assert 34 < project(45.46, 9.19)[1] < 177


def test_the_map_sends_no_script_and_credits_its_boundaries(client, libraries):
    html = english_map(client).text
    main = html.split("<main", 1)[1].split("</main>", 1)[0]

    assert "<script" not in main
    assert "style=" not in main
    assert "MapSVG" in main
    assert "creativecommons.org/licenses/by/4.0" in main


def test_the_map_runs_a_constant_number_of_queries(client, libraries, django_assert_num_queries):
    with django_assert_num_queries(4):
        english_map(client)
    for number in range(5):
        system = OrganisationFactory(name=f"Sistema pugliese {number}", **place("16", "075"))
        LibraryLinkFactory(
            library=registry_library(f"Biblioteca pugliese {number}", ("16", "075")),
            system=system,
        )
    with django_assert_num_queries(4):
        response = english_map(client.__class__())
    assert '<tr data-region="16" data-shade="map-shade-4">' in response.text


def test_a_logged_in_person_gets_the_kept_map_and_sees_a_new_library_at_once(
    client, libraries, base_user, django_assert_num_queries
):
    client.force_login(base_user)
    english_map(client)
    # The figures are the same for everyone: kept, they cost no query.
    with django_assert_num_queries(0):
        assert '<tr data-region="16"' in english_map(client).text
    LibraryLinkFactory(
        library=registry_library("Biblioteca di Bari", ("16", "072")),
        system=OrganisationFactory(name="Sistema barese", **place("16", "072")),
    )
    assert '<tr data-region="16" data-shade="map-shade-4">' in english_map(client).text


def test_the_map_is_in_the_header_navigation(client, db):
    with translation.override("en"):
        home = client.get(reverse("portal:home")).text

        assert f'href="{reverse(MAP)}"' in home
