"""Benchmarking a library system against its peers: the indicators on figures checked by hand,
missing figures, the peer groups and their minimum size, who sees which values, the CSV, and the
page's queries.

The data set, all figures of FIGURES_YEAR, every system serving 100,000 people: Sistema Alfa
(North-West) and six peers whose loans per inhabitant are 1 to 6 — four in the North-West, two
in the South. Alfa's loans per inhabitant (2.5) thus rank fifth of seven; the other systems'
median is 3.5, with quartiles 2.25 and 4.75.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from mapping.benchmark import SystemBenchmark
from mapping.indicators import INDICATORS, with_indicators
from mapping.models import GovernanceModel, Survey
from members.models import Organisation
from tests.factories import OrganisationFactory, RoleFactory, SurveyFactory, UserFactory, place

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
FIGURES_YEAR = YEAR - 1
PAGE = "mapping:system-benchmark"
CSV = "mapping:system-benchmark-csv"


def english(url_name, *args):
    with translation.override("en"):
        return reverse(url_name, args=args)


NORTH_WEST = ("03", "015")
SOUTH = ("16", "075")


def answered(name, where, *, loans, year=YEAR, figures_year=FIGURES_YEAR, **figures):
    organisation = Organisation.objects.filter(name=name).first() or OrganisationFactory(
        name=name, **place(*where)
    )
    defaults = {
        "population_served": 100_000,
        "libraries_count": 10,
        "active_users": 12_000,
        "opening_hours_per_week": Decimal("300.0"),
        "staff_fte": Decimal("20.0"),
        "acquisitions_spending": Decimal("150000.00"),
    }
    return SurveyFactory(
        organisation=organisation,
        year=year,
        figures_year=figures_year,
        loans=loans,
        **{**defaults, **figures},
    )


@pytest.fixture
def alfa(db):
    survey = answered("Sistema Alfa", NORTH_WEST, loans=250_000)
    # Its trend: two earlier years, one of them without loans.
    answered("Sistema Alfa", NORTH_WEST, loans=200_000, year=YEAR - 2, figures_year=YEAR - 3)
    answered("Sistema Alfa", NORTH_WEST, loans=None, year=YEAR - 1, figures_year=YEAR - 2)
    return survey.organisation


@pytest.fixture
def peers(alfa):
    for number, where in enumerate([NORTH_WEST] * 4 + [SOUTH] * 2, start=1):
        answered(f"Sistema {number}", where, loans=number * 100_000)
    # The fourth system shares its figures openly.
    Survey.objects.filter(organisation__name="Sistema 4").update(shares_figures=True)
    # A draft and a survey of another year of figures never count.
    answered("Sistema in bozza", NORTH_WEST, loans=9_000_000).__class__.objects.filter(
        organisation__name="Sistema in bozza"
    ).update(status=Survey.Status.DRAFT, submitted_at=None)
    answered("Sistema vecchio", NORTH_WEST, loans=9_000_000, figures_year=YEAR - 5)


@pytest.fixture
def referent(alfa):
    return RoleFactory(organisation=alfa, user__first_name="Anna").user


def row(benchmark, slug):
    return next(row for row in benchmark.rows if row.indicator.slug == slug)


def test_each_indicator_is_computed_from_the_figures_as_defined(alfa):
    survey = with_indicators(Survey.objects.filter(organisation=alfa, year=YEAR)).get()

    values = {indicator.slug: getattr(survey, indicator.annotation) for indicator in INDICATORS}

    assert values == pytest.approx(
        {
            "loans-per-inhabitant": 2.5,
            "active-users-share": 12.0,
            "hours-per-library": 30.0,
            "staff-per-10000": 2.0,
            "spending-per-inhabitant": 1.5,
            "inhabitants-per-library": 10_000.0,
        }
    )


def test_a_missing_figure_gives_no_value_never_a_zero(db):
    survey = answered(
        "Sistema lacunoso", NORTH_WEST, loans=None, population_served=None, libraries_count=0
    )

    survey = with_indicators(Survey.objects.filter(pk=survey.pk)).get()

    values = {indicator.slug: getattr(survey, indicator.annotation) for indicator in INDICATORS}
    assert values == dict.fromkeys(values)


def test_the_group_statistics_are_of_the_other_systems(alfa, peers, referent):
    benchmark = SystemBenchmark(alfa, user=referent, group="governance")

    loans = row(benchmark, "loans-per-inhabitant")

    assert benchmark.year == FIGURES_YEAR
    assert loans.value == pytest.approx(2.5)
    assert loans.group.count == 6
    assert [loans.group.q1, loans.group.median, loans.group.q3] == pytest.approx([2.25, 3.5, 4.75])
    assert (loans.rank, loans.ranked_among) == (5, 7)
    assert loans.national.median == pytest.approx(3.5)


def test_a_group_of_fewer_than_five_others_shows_no_median(alfa, peers, referent):
    benchmark = SystemBenchmark(alfa, user=referent, group="macro_area")

    loans = row(benchmark, "loans-per-inhabitant")

    assert loans.group.count == 4
    assert not loans.group.shown
    assert loans.group.median is None
    assert loans.rank is None
    assert loans.macro_area.median is None
    assert loans.national.median == pytest.approx(3.5)


@pytest.mark.parametrize(("picked", "shown"), [(5, True), (4, False)])
def test_a_group_picked_by_name_needs_five_systems_too(alfa, peers, referent, picked, shown):
    slugs = list(
        Organisation.objects.filter(
            name__in=[f"Sistema {n}" for n in range(1, picked + 1)]
        ).values_list("slug", flat=True)
    )

    benchmark = SystemBenchmark(alfa, user=referent, group="picked", picked=slugs)

    assert row(benchmark, "loans-per-inhabitant").group.shown is shown


def test_population_bands_are_cut_from_the_data_and_named(alfa, peers, referent):
    Survey.objects.filter(organisation__name="Sistema 1").update(population_served=20_000)
    Survey.objects.filter(organisation__name="Sistema 6").update(population_served=480_000)
    with translation.override("en"):
        benchmark = SystemBenchmark(alfa, user=referent, group="band")

        labels = [band.label for band in benchmark.bands]

        assert labels == ["Fewer than 100,000 inhabitants", "100,000 inhabitants or more"]
        assert benchmark.group_label == "100,000 inhabitants or more"


def test_the_page_shows_indicators_definitions_trend_and_the_plot(client, alfa, peers, referent):
    client.force_login(referent)
    with translation.override("en"):
        response = client.get(english(PAGE, alfa.slug), {"group": "governance"})

    text = response.text
    assert response.status_code == 200
    assert "Loans per inhabitant" in text
    assert "Formula: loans ÷ population served" in text
    assert "3.50 <small>(2.25\N{EN DASH}4.75)</small>" in text
    assert "5 of 7" in text
    assert 'class="benchmark-plot"' in text
    assert "<script" not in text.split("<main", 1)[1].split("</main>", 1)[0]
    # The trend over the three years of figures, the year without loans shown as such.
    assert [survey.figures_year for survey in response.context["benchmark"].trend] == [
        YEAR - 3,
        YEAR - 2,
        FIGURES_YEAR,
    ]
    trend = row(response.context["benchmark"], "loans-per-inhabitant").trend
    assert trend == [(YEAR - 3, 2.0), (YEAR - 2, None), (FIGURES_YEAR, 2.5)]


def test_another_year_of_figures_is_compared_with_that_year_alone(alfa, peers, referent):
    benchmark = SystemBenchmark(alfa, user=referent, year=YEAR - 3, group="governance")

    loans = row(benchmark, "loans-per-inhabitant")

    assert loans.value == pytest.approx(2.0)
    assert loans.group.count == 0


def test_a_system_sees_only_the_figures_other_systems_share(client, alfa, peers, referent):
    client.force_login(referent)

    response = client.get(english(PAGE, alfa.slug), {"group": "governance"})

    listed = [survey.organisation.name for survey in response.context["benchmark"].listed_peers()]
    assert listed == ["Sistema 4"]
    assert "Sistema 4</th>" in response.text
    assert "Sistema 3</th>" not in response.text


def test_staff_see_every_system_of_the_group_by_name(client, alfa, peers, staff):
    client.force_login(staff)

    response = client.get(english(PAGE, alfa.slug), {"group": "governance"})

    listed = [survey.organisation.name for survey in response.context["benchmark"].listed_peers()]
    assert listed == [f"Sistema {n}" for n in range(1, 7)]


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("visitor", 302),
        ("base_user", 404),
        ("other_referent", 404),
        ("peer_referent", 404),
        ("collaborator", 200),
        ("referent", 200),
        ("staff", 200),
    ],
)
@pytest.mark.parametrize("url_name", [PAGE, CSV])
def test_who_opens_a_system_benchmark(request, client, alfa, peers, person, expected, url_name):
    people = {
        "peer_referent": lambda: (
            RoleFactory(organisation=Organisation.objects.get(name="Sistema 4")).user
        ),
        "collaborator": lambda: RoleFactory(organisation=alfa, kind="collaborator").user,
    }
    if person in people:
        client.force_login(people[person]())
    elif person != "visitor":
        client.force_login(request.getfixturevalue(person))

    response = client.get(english(url_name, alfa.slug))

    assert response.status_code == expected
    if expected == 302:
        assert "/login/" in response["Location"] or "accounts" in response["Location"]


def test_a_system_without_figures_is_told_so(client, referent, alfa):
    Survey.objects.filter(organisation=alfa).update(figures_year=None)
    client.force_login(referent)

    with translation.override("en"):
        response = client.get(english(PAGE, alfa.slug))

    assert "No figures to compare yet" in response.text
    assert client.get(english(CSV, alfa.slug)).status_code == 404


def test_the_csv_holds_the_comparison_and_the_trend(client, alfa, peers, referent):
    client.force_login(referent)

    with translation.override("en"):
        response = client.get(english(CSV, alfa.slug), {"group": "governance"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"confronto-{alfa.slug}-{FIGURES_YEAR}.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Indicator", "Formula", "Year of the figures", "Sistema Alfa"]
    loans = rows[1]
    assert loans[0] == "Loans per inhabitant"
    assert loans[3:] == [
        "2.5",
        "Agreement between municipalities with a lead municipality",
        "6",
        "2.25",
        "3.5",
        "4.75",
        "5/7",
        "3.5",
        "",
    ]
    assert ["Trend", str(YEAR - 3), str(YEAR - 2), str(FIGURES_YEAR)] in rows
    assert ["Loans per inhabitant", "2.0", "", "2.5"] in rows


def test_a_survey_can_share_its_figures_openly(client, referent, alfa):
    governance = GovernanceModel.objects.get(slug="consorzio")
    client.force_login(referent)

    client.post(
        reverse("mapping:survey-edit", args=[alfa.slug]),
        {
            "governance": governance.pk,
            "management": "direct",
            "libraries_count": "10",
            "municipalities_count": "10",
            "population_served": "100000",
            "figures_year": str(FIGURES_YEAR),
            "shares_figures": "on",
            "submit": "1",
        },
    )

    assert Survey.objects.get(organisation=alfa, year=YEAR).shares_figures


def test_sharing_is_off_by_default(alfa):
    assert not Survey.objects.get(organisation=alfa, year=YEAR).shares_figures


def test_the_benchmark_runs_a_constant_number_of_queries(
    client, alfa, peers, referent, django_assert_num_queries
):
    client.force_login(referent)
    url = english(PAGE, alfa.slug)
    picked = {"group": "picked", "peers": ["sistema-1", "sistema-2"]}
    # A change of the rows makes the next request read the person's roles again: one more.
    with django_assert_num_queries(7):
        client.get(url)
    for number in range(7, 20):
        answered(f"Sistema {number}", SOUTH, loans=number * 1000, shares_figures=True)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert row(response.context["benchmark"], "loans-per-inhabitant").group.count == 19
    # The systems picked by name need no population bands.
    with django_assert_num_queries(6):
        client.get(url, picked)


def test_the_benchmark_command_times_the_pages_and_rolls_back(db):
    out = io.StringIO()

    call_command("benchmark_peers", "--systems", "12", "--repeat", "1", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("12 systems and 36 surveys added")
    assert len([line for line in lines if " 200  /" in line]) == 6, lines
    assert "rolled back" in lines[-1]
    assert not Survey.objects.exists()
    assert not UserFactory._meta.model.objects.filter(email__startswith="benchmark-").exists()


def test_the_systems_picked_stay_picked_on_the_page(client, alfa, peers, referent):
    picked = Organisation.objects.get(name="Sistema 2").slug
    other = Organisation.objects.get(name="Sistema 3").slug
    client.force_login(referent)

    response = client.get(english(PAGE, alfa.slug), {"group": "picked", "peers": [picked]})

    assert f'<option value="{picked}" selected>Sistema 2</option>' in response.text
    assert f'<option value="{other}">Sistema 3</option>' in response.text
    # Only the systems with figures of the year are offered, the system itself not among them.
    assert "Sistema vecchio</option>" not in response.text
    assert "Sistema Alfa</option>" not in response.text
