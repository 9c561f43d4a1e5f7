"""The mapping report: who sees it and of which regions, its figures against a small data set
checked by hand, its filters and its CSV export.

The data set: four systems submitted this year's survey — two in Lombardy (North-West), one in
Tuscany (Centre), one in Apulia (South) —, a fifth saved a draft and a sixth answered last
year only: those two never count.
"""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from mapping.models import GovernanceModel, Survey
from members.models import Organisation, OrganisationKind, Province, Region
from tests.factories import (
    LibraryLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    RoleFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_english():
    """The report's labels in English, whose words are the msgids."""
    with translation.override("en"):
        yield


YEAR = timezone.localdate().year


def english(url_name):
    with translation.override("en"):
        return reverse(url_name)


REPORT = "mapping:survey-report"
CSV = "mapping:survey-report-csv"


def place(region_code, province_code):
    return {
        "region": Region.objects.get(istat_code=region_code),
        "province": Province.objects.get(istat_code=province_code),
    }


def system(name, region_code, province_code):
    return OrganisationFactory(name=name, **place(region_code, province_code))


@pytest.fixture
def surveys(db):
    governance = {model.slug: model for model in GovernanceModel.objects.all()}
    vimercate = system("Sistema Vimercatese", "03", "108")
    SurveyFactory(
        organisation=vimercate,
        governance=governance["convenzione"],
        management="direct",
        support_needed=["formazione", "bandi"],
        elements=["catalogo-condiviso", "software-condiviso"],
        loans=100_000,
        needs="Formazione per i bibliotecari dei piccoli comuni.",
    )
    SurveyFactory(
        organisation=system("Sistema Nord-Ovest Milano", "03", "015"),
        governance=governance["consorzio"],
        management="outsourced",
        support_needed=["bandi"],
        elements=["catalogo-condiviso"],
        loans=50_000,
    )
    SurveyFactory(
        organisation=system("Rete Terre di Siena", "09", "052"),
        governance=governance["convenzione"],
        management="mixed",
        support_needed=["bandi", "logistica"],
        loans=None,
        proposals='=HYPERLINK("http://example.com") un tavolo sulle gare condivise',
    )
    SurveyFactory(
        organisation=system("Sistema del Salento", "16", "075"),
        governance=governance["unione-comuni"],
        management="direct",
        support_needed=["formazione"],
        elements=["catalogo-condiviso", "accordo-formale"],
        loans=30_000,
        needs="Un furgone per la circolazione.",
    )
    SurveyFactory(organisation=system("Sistema in bozza", "03", "015"), draft=True, loans=9)
    SurveyFactory(organisation=system("Sistema sardo", "20", "092"), year=YEAR - 1)
    # Registry libraries: in Milan one belongs to a system, one does not; one in Siena does not.
    library = {"kind": OrganisationKind.LIBRARY, "in_registry": True}
    LibraryLinkFactory(
        library=OrganisationFactory(name="Biblioteca A", **library, **place("03", "015")),
        system=vimercate,
    )
    OrganisationFactory(name="Biblioteca B", **library, **place("03", "015"))
    OrganisationFactory(name="Biblioteca C", **library, **place("09", "052"))
    # Neither a registry library nor a library: never counted.
    OrganisationFactory(name="Biblioteca D", kind=OrganisationKind.LIBRARY, **place("16", "075"))
    OrganisationFactory(name="Museo E", kind=OrganisationKind.MUSEUM, in_registry=True)


class _Tables(HTMLParser):
    """Collects the page's tables: caption -> rows of cell texts (header row left out)."""

    def __init__(self):
        super().__init__()
        self.tables, self._caption, self._rows, self._cell, self._in_caption = (
            {},
            "",
            [],
            None,
            False,
        )

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th"):
            self._rows[-1].append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "table":
            self.tables[self._caption.strip()] = self._rows[1:]

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell += data


def table(response, caption):
    """The rows of the page's table with `caption`, as the reader sees them: a report table's
    rows are (label, count, share) with the chart's empty cell left out."""
    parser = _Tables()
    parser.feed(response.text)
    return [tuple(cell for cell in row if cell) for row in parser.tables[caption]]


def test_report_counts_the_submitted_surveys_of_the_year(client, staff, surveys, in_english):
    client.force_login(staff)
    with translation.override("en"):
        response = client.get(english(REPORT))

    assert f"4 systems answered the {YEAR} survey." in response.text
    assert table(response, "Systems by macro-area") == [
        ("North-West", "2", "50.0%"),
        ("Centre", "1", "25.0%"),
        ("South", "1", "25.0%"),
    ]
    assert table(response, "Systems by region") == [
        ("Lombardia", "2", "50.0%"),
        ("Puglia", "1", "25.0%"),
        ("Toscana", "1", "25.0%"),
    ]
    governance = table(response, "Systems by governance model")
    assert governance[:3] == [
        ("Agreement between municipalities with a lead municipality", "2", "50.0%"),
        ("Consortium", "1", "25.0%"),
        ("Union of municipalities", "1", "25.0%"),
    ]
    assert {count for _label, count, _share in governance[3:]} == {"0"}
    assert table(response, "How the services are managed") == [
        ("Direct, by the system's own staff", "2", "50.0%"),
        ("Outsourced to a contractor", "1", "25.0%"),
        ("Mixed", "1", "25.0%"),
    ]


def test_support_needs_are_ranked_and_elements_counted(client, staff, surveys, in_english):
    client.force_login(staff)
    with translation.override("en"):
        response = client.get(english(REPORT))

    assert table(response, "Support the systems need, most asked first")[:3] == [
        ("Calls for funding", "3", "75.0%"),
        ("Training", "2", "50.0%"),
        ("Logistics", "1", "25.0%"),
    ]
    elements = {
        label: count
        for label, count, _share in table(response, "Systems with each defining element")
    }
    assert elements["Shared catalogue"] == "3"
    assert elements["Shared library software"] == "1"
    assert elements["Formal agreement between the bodies"] == "1"
    assert elements["Shared budget"] == "0"


def test_yearly_figures_add_up_what_systems_gave(client, staff, surveys, in_english):
    client.force_login(staff)
    response = client.get(english(REPORT))

    loans = table(response, "Figures of the systems that answered")[0]
    assert loans == ("Loans", "180,000", "60,000.0", "3")


def test_report_says_which_year_the_figures_are_from(client, staff, surveys, in_english):
    Survey.objects.filter(year=YEAR).update(figures_year=YEAR - 1)
    client.force_login(staff)

    response = client.get(english(REPORT))

    assert f"Figures for {YEAR - 1}." in response.text


def test_report_says_when_the_figures_are_from_several_years(client, staff, surveys):
    Survey.objects.filter(year=YEAR).update(figures_year=YEAR - 1)
    Survey.objects.filter(year=YEAR, organisation__name="Sistema del Salento").update(
        figures_year=YEAR - 2
    )
    client.force_login(staff)

    response = client.get(reverse(REPORT))
    rows = list(csv.reader(io.StringIO(client.get(reverse(CSV)).content.decode("utf-8-sig"))))

    sentence = f"Dati riferiti agli anni {YEAR - 2} e {YEAR - 1}, secondo il sistema."
    assert sentence in response.text
    assert ["Anno dei dati", "", "", "", sentence] in rows


def test_free_text_answers_are_grouped_by_macro_area(client, staff, surveys, in_english):
    client.force_login(staff)
    response = client.get(english(REPORT))

    answers = response.text[response.text.index('id="answers"') :]
    groups = re.findall(
        r'<h3 class="h5 mt-4">([^<]+)</h3>|<h4 class="card-title h6"><a [^>]+>([^<]+)</a>', answers
    )
    assert [heading or name for heading, name in groups] == [
        "North-West",
        "Sistema Vimercatese",
        "Centre",
        "Rete Terre di Siena",
        "South",
        "Sistema del Salento",
    ]
    assert "Un furgone per la circolazione." in answers


def test_libraries_in_no_system_are_counted_per_province(client, staff, surveys, in_english):
    client.force_login(staff)
    response = client.get(english(REPORT))

    # Each count links to those libraries in the directory, and says so to a screen reader.
    assert table(response, "Registry libraries outside any system, by province") == [
        (
            "Milano",
            "Lombardia",
            "2",
            "1 in no system in Milano: see them in the directory",
            "50.0%",
        ),
        ("Siena", "Toscana", "1", "1 in no system in Siena: see them in the directory", "100.0%"),
    ]


def test_libraries_whose_link_is_not_confirmed_count_as_in_no_system(
    client, staff, surveys, in_english
):
    milan = {"kind": OrganisationKind.LIBRARY, "in_registry": True, **place("03", "015")}
    other_system = system("Sistema Ovest Milano", "03", "015")
    vimercate = Organisation.objects.get(name="Sistema Vimercatese")
    asked = OrganisationFactory(name="Biblioteca in attesa", **milan)
    LibraryLinkFactory(library=asked, system=vimercate, pending=True)
    declined = OrganisationFactory(name="Biblioteca che ha rifiutato", **milan)
    LibraryLinkFactory(library=declined, system=vimercate, status="declined")
    # In two systems: one library, counted once.
    LibraryLinkFactory(library=Organisation.objects.get(name="Biblioteca A"), system=other_system)
    client.force_login(staff)

    response = client.get(english(REPORT))

    assert table(response, "Registry libraries outside any system, by province") == [
        (
            "Milano",
            "Lombardia",
            "4",
            "3 in no system in Milano: see them in the directory",
            "75.0%",
        ),
        ("Siena", "Toscana", "1", "1 in no system in Siena: see them in the directory", "100.0%"),
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"mezzogiorno": "on"}, ["Sistema del Salento"]),
        ({"macro_area": "centro"}, ["Rete Terre di Siena"]),
        ({"year": str(YEAR - 1)}, ["Sistema sardo"]),
    ],
)
def test_filters_narrow_the_report(client, staff, surveys, filters, expected):
    client.force_login(staff)

    response = client.get(english(REPORT), filters)

    report = response.context["report"]
    assert sorted(report.surveys.values_list("organisation__name", flat=True)) == expected
    assert report.total == len(expected)


def test_mezzogiorno_filter_also_narrows_the_provinces(client, staff, surveys):
    client.force_login(staff)

    response = client.get(english(REPORT), {"mezzogiorno": "on"})

    assert response.context["report"].unaffiliated_libraries() == []
    assert "No registry library on the portal in this area." in response.text


def test_unknown_year_falls_back_to_the_latest(client, staff, surveys):
    client.force_login(staff)

    response = client.get(english(REPORT), {"year": "1850"})

    assert response.status_code == 200
    assert response.context["year"] == YEAR


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("visitor", 403),
        ("base_user", 403),
        ("other_referent", 403),
        ("official_referent", 200),
        ("package_referent", 200),
        ("staff", 200),
    ],
)
@pytest.mark.parametrize("url_name", [REPORT, CSV])
def test_members_and_staff_see_the_report(request, client, surveys, person, expected, url_name):
    if person != "visitor":
        client.force_login(request.getfixturevalue(person))

    response = client.get(english(url_name))

    assert response.status_code == expected
    if expected == 403:
        assert "Member organisations" in response.text


@pytest.fixture
def tuscan_office(db):
    office = OrganisationFactory(
        name="Regione Toscana — Settore biblioteche",
        kind=OrganisationKind.REGIONAL_OFFICE,
        **place("09", "048"),
    )
    return RoleFactory(organisation=office).user


def test_regional_office_sees_only_its_region(client, surveys, tuscan_office):
    client.force_login(tuscan_office)
    with translation.override("en"):
        response = client.get(english(REPORT))

    assert response.status_code == 200
    assert "As a regional office you see the systems of: Toscana." in response.text
    assert f"1 system answered the {YEAR} survey." in response.text
    assert "Rete Terre di Siena" in response.text
    assert "Sistema Vimercatese" not in response.text
    assert "Formazione per i bibliotecari" not in response.text
    assert [row.province for row in response.context["report"].unaffiliated_libraries()] == [
        "Siena"
    ]


def test_regional_office_cannot_widen_its_report_with_filters(client, surveys, tuscan_office):
    client.force_login(tuscan_office)

    response = client.get(english(REPORT), {"macro_area": "nord-ovest"})

    assert response.context["report"].total == 0


def test_regional_office_collaborator_does_not_see_the_report(client, surveys):
    office = OrganisationFactory(kind=OrganisationKind.REGIONAL_OFFICE, **place("09", "048"))
    collaborator = RoleFactory(organisation=office, kind="collaborator").user
    client.force_login(collaborator)

    assert client.get(english(REPORT)).status_code == 403


def test_regional_office_csv_holds_only_its_region(client, surveys, tuscan_office):
    client.force_login(tuscan_office)

    response = client.get(english(CSV))

    text = response.content.decode("utf-8-sig")
    assert "Rete Terre di Siena" in text
    assert "Vimercatese" not in text
    assert "Lombardia" not in text


def test_csv_export_has_the_figures_and_no_formulas(client, staff, surveys):
    client.force_login(staff)

    with translation.override("en"):
        response = client.get(english(CSV), {"macro_area": "centro"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="mappatura-sistemi-{YEAR}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Section", "Item", "Count", "Share (%)", "Answer"]
    assert ["Systems that answered", str(YEAR), "1", "", ""] in rows
    assert ["Region", "Toscana", "1", "100.0", ""] in rows
    proposals = [row for row in rows if row[0] == "Proposals"]
    assert proposals == [
        [
            "Proposals",
            "Centre — Rete Terre di Siena",
            "",
            "",
            '\'=HYPERLINK("http://example.com") un tavolo sulle gare condivise',
        ]
    ]
    assert ["Libraries in no system", "Siena (Toscana)", "1", "100.0", ""] in rows


def test_report_without_answers_says_so(client, staff):
    client.force_login(staff)
    with translation.override("en"):
        response = client.get(english(REPORT))

    assert "0 systems answered" in response.text
    assert "No system has submitted the survey for this year and area yet." in response.text


def test_report_runs_a_constant_number_of_queries(
    client, staff, surveys, django_assert_num_queries
):
    client.force_login(staff)
    with django_assert_num_queries(14):
        client.get(english(REPORT))

    for number in range(6):
        SurveyFactory(
            organisation=system(f"Sistema {number}", "15", "063"),
            support_needed=["bandi", "comunicazione"],
            elements=["bilancio"],
            needs="Bisogni.",
        )
    # The new rows replaced the content version: the person's roles are read again, once.
    with django_assert_num_queries(15):
        response = client.get(english(REPORT))
    assert response.context["report"].total == 10


def test_report_shows_the_indicators_medians_of_five_systems_or_more(
    client, staff, surveys, in_english
):
    # Loans per inhabitant: 0.5, 0.25 and 0.15 in the fixture; three more at 1, 2 and 3.
    for number, loans in enumerate([200_000, 400_000, 600_000]):
        SurveyFactory(organisation=system(f"Sistema campano {number}", "15", "063"), loans=loans)
    client.force_login(staff)

    response = client.get(english(REPORT))

    medians = table(response, "Medians of the indicators")
    [loans] = [row for row in medians if row[0].startswith("Loans per inhabitant")]
    # All six systems: the median of 0.15, 0.25, 0.5, 1, 2, 3; the South has four: too few.
    assert loans[1:] == ("0.75", "—", "—", "—", "—", "—")
    rows = list(csv.reader(io.StringIO(client.get(english(CSV)).content.decode("utf-8-sig"))))
    assert ["Median: Loans per inhabitant", "All", "", "", "0.75"] in rows


def test_member_in_good_standing_sees_the_report_linked_from_the_directory(client, db):
    person = RoleFactory(organisation=MembershipFactory().organisation).user
    client.force_login(person)
    with translation.override("en"):
        directory = client.get(reverse("members:organisation-list"))

    assert english(REPORT) in directory.text


def test_surveys_of_organisations_not_approved_are_left_out(client, staff, surveys):
    SurveyFactory(organisation=system("Sistema in attesa", "03", "015"))
    pending = Organisation.objects.get(name="Sistema in attesa")
    pending.status = Organisation.Status.PENDING
    pending.save()
    client.force_login(staff)

    response = client.get(english(REPORT))

    assert response.context["report"].total == 4
    assert "Sistema in attesa" not in response.text


def test_a_stale_filter_falls_back_and_the_others_still_apply(client, staff, surveys):
    client.force_login(staff)

    response = client.get(english(REPORT), {"year": "1850", "macro_area": "centro"})

    assert response.context["year"] == YEAR
    assert list(
        response.context["report"].surveys.values_list("organisation__name", flat=True)
    ) == ["Rete Terre di Siena"]
    assert response.context["form"]["macro_area"].value() == "centro"


def test_report_opens_on_the_latest_year_with_answers(client, staff):
    SurveyFactory(organisation__name="Sistema dell'anno scorso", year=YEAR - 1)
    client.force_login(staff)

    response = client.get(english(REPORT))

    assert response.context["year"] == YEAR - 1
    assert response.context["report"].total == 1


def test_regional_office_that_is_a_member_sees_the_whole_country(client, surveys, tuscan_office):
    office = tuscan_office.roles.get().organisation
    MembershipFactory(organisation=office)
    client.force_login(tuscan_office)

    response = client.get(english(REPORT))

    assert response.context["report"].total == 4
    assert "As a regional office" not in response.text


def test_the_benchmark_times_the_report_and_rolls_its_surveys_back(staff):
    out = io.StringIO()

    call_command("benchmark_mapping_report", "--systems", "30", "--repeat", "1", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("30 surveys added")
    assert all(" 200  /mappatura/" in line for line in lines[1:5]), lines
    assert "rolled back" in lines[-1]
    assert not Survey.objects.exists()
    assert not Organisation.objects.filter(slug__startswith="benchmark-").exists()


def test_the_page_shows_ten_answers_per_area_and_sends_to_the_csv_for_the_rest(
    client, staff, in_english
):
    names = [f"Sistema Bibliotecario {number:02d}" for number in range(12)]
    for name in names:
        SurveyFactory(organisation=system(name, "03", "015"), needs=f"Bisogni di {name}.")
    client.force_login(staff)
    response = client.get(english(REPORT))

    answers = response.text[response.text.index('id="answers"') :]
    assert [name for name in names if f"Bisogni di {name}." in answers] == names[:10]
    assert "And 2 more systems' answers in this area" in answers
    link = re.search(r'<a href="([^"]+)">download the CSV</a>', answers).group(1)
    csv = client.get(link.replace("&amp;", "&"))
    assert "Bisogni di Sistema Bibliotecario 11." in csv.content.decode()
