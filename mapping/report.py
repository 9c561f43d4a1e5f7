"""The mapping report: what the submitted surveys of a year say about the library systems.

Every figure is an aggregate query over the surveys in the report's scope and filters, so the
page runs the same number of queries however many systems answered.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Avg, Count, Q, Sum
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from mapping.access import ReportScope
from mapping.benchmark import MIN_GROUP
from mapping.indicators import INDICATORS, Median, with_indicators
from mapping.models import GovernanceModel, Survey, SystemElement
from members.models import (
    MEZZOGIORNO,
    MacroArea,
    Organisation,
    OrganisationKind,
    Province,
    ServiceArea,
)

# Written answers shown per macro-area on the page; the CSV holds them all.
ANSWERS_SHOWN = 10


@dataclass
class Row:
    label: str
    count: int
    total: int

    @property
    def share(self) -> float:
        """Percentage of the total, 0 when there is nothing to share."""
        return round(100 * self.count / self.total, 1) if self.total else 0.0


@dataclass
class Figure:
    label: str
    total: float | None
    average: float | None
    answers: int


@dataclass
class Answers:
    """A macro-area's written answers. The page shows the first `ANSWERS_SHOWN` (by system
    name); every one is in the CSV, where hundreds of systems' answers are read better."""

    macro_area: str
    surveys: list = field(default_factory=list)

    @property
    def shown(self) -> list:
        return self.surveys[:ANSWERS_SHOWN]

    @property
    def more(self) -> int:
        return max(len(self.surveys) - ANSWERS_SHOWN, 0)


@dataclass
class ProvinceRow:
    province: str
    region: str
    libraries: int
    unaffiliated: int
    # The province's ISTAT code: the directory lists its libraries in no system by it.
    code: str = ""

    @property
    def share(self) -> float:
        return round(100 * self.unaffiliated / self.libraries, 1) if self.libraries else 0.0


FIGURES = [(name, Survey._meta.get_field(name)) for name in Survey.FIGURE_FIELDS]


def report_surveys(*, scope: ReportScope, year: int, macro_area: str = "", mezzogiorno=False):
    """The submitted surveys of `year` the report counts, within the scope and the filters."""
    surveys = Survey.objects.in_report(scope).filter(year=year)
    if macro_area:
        surveys = surveys.filter(organisation__region__macro_area=macro_area)
    if mezzogiorno:
        surveys = surveys.filter(organisation__region__macro_area__in=MEZZOGIORNO)
    return surveys


class MappingReport:
    """The report's sections, computed from `surveys` (see `report_surveys`), and the count of
    registry libraries outside any system, per province in the same scope and filters."""

    def __init__(self, surveys, *, scope: ReportScope, macro_area: str = "", mezzogiorno=False):
        self.surveys = surveys
        self.scope = scope
        self.macro_area = macro_area
        self.mezzogiorno = mezzogiorno

    @cached_property
    def total(self) -> int:
        """Counted when read: the page reads it in its cached fragment only."""
        return self.surveys.count()

    def _rows(self, pairs) -> list[Row]:
        return [Row(str(label), count, self.total) for label, count in pairs]

    def by_region(self) -> list[Row]:
        counts = (
            self.surveys.values("organisation__region__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "organisation__region__name")
        )
        return self._rows(
            (row["organisation__region__name"] or _("Region not given"), row["n"]) for row in counts
        )

    def by_macro_area(self) -> list[Row]:
        counts = dict(
            self.surveys.values_list("organisation__region__macro_area")
            .annotate(n=Count("pk"))
            .values_list("organisation__region__macro_area", "n")
        )
        return self._rows(
            (area.label, counts[area.value]) for area in MacroArea if area.value in counts
        )

    def by_governance(self) -> list[Row]:
        models = GovernanceModel.objects.annotate(
            n=Count("surveys", filter=Q(surveys__in=self.surveys))
        ).order_by("-n", "position")
        return self._rows((model, model.n) for model in models)

    def by_management(self) -> list[Row]:
        counts = dict(
            self.surveys.exclude(management="")
            .values_list("management")
            .annotate(n=Count("pk"))
            .values_list("management", "n")
        )
        return self._rows(
            (choice.label, counts.get(choice.value, 0)) for choice in Survey.Management
        )

    def support_needed(self) -> list[Row]:
        """The network's service areas, the most needed first."""
        areas = ServiceArea.objects.annotate(
            n=Count("surveys_needing", filter=Q(surveys_needing__in=self.surveys))
        ).order_by("-n", "position")
        return self._rows((area, area.n) for area in areas)

    def services_provided(self) -> list[Row]:
        areas = ServiceArea.objects.annotate(
            n=Count("surveys_providing", filter=Q(surveys_providing__in=self.surveys))
        ).order_by("-n", "position")
        return self._rows((area, area.n) for area in areas)

    def elements(self) -> list[Row]:
        """How many systems have each defining element, in the list's order."""
        elements = SystemElement.objects.annotate(
            n=Count("surveys", filter=Q(surveys__in=self.surveys))
        )
        return self._rows((element, element.n) for element in elements)

    @cached_property
    def _figure_values(self) -> dict:
        """The figures' totals, averages and counts, and the years they are from, in one query."""
        aggregates = {
            "figures_years": ArrayAgg(
                "figures_year",
                distinct=True,
                filter=Q(figures_year__isnull=False),
                order_by="figures_year",
                default=[],
            )
        }
        for name, _field in FIGURES:
            aggregates[f"{name}__sum"] = Sum(name)
            aggregates[f"{name}__avg"] = Avg(name)
            aggregates[f"{name}__n"] = Count(name)
        return self.surveys.aggregate(**aggregates)

    def figures_years(self) -> str:
        """Which year the figures are from, as the report says it: "" when no survey said."""
        years = self._figure_values["figures_years"]
        if not years:
            return ""
        if len(years) == 1:
            return _("Figures for %(year)s.") % {"year": years[0]}
        return _("Figures for the years %(years)s, depending on the system.") % {
            "years": get_text_list([str(year) for year in years], _("and"))
        }

    def figures(self) -> list[Figure]:
        values = self._figure_values
        return [
            Figure(
                label=field.verbose_name,
                total=values[f"{name}__sum"],
                average=values[f"{name}__avg"],
                answers=values[f"{name}__n"],
            )
            for name, field in FIGURES
        ]

    def indicator_medians(self) -> list[tuple]:
        """Each indicator's median over the report's systems and over each macro-area's, as
        (indicator, median, [median per macro-area]); a median of fewer than MIN_GROUP systems
        is None, as on the benchmark pages."""
        areas = [Q()] + [Q(organisation__region__macro_area=area) for area in MacroArea]
        aggregates = {}
        for indicator in INDICATORS:
            name = indicator.annotation
            for index, condition in enumerate(areas):
                aggregates[f"{name}__{index}"] = Median(name, filter=condition)
                aggregates[f"{name}__{index}_n"] = Count(name, filter=condition)
        values = with_indicators(self.surveys).aggregate(**aggregates)

        def median(name, index):
            enough = values[f"{name}__{index}_n"] >= MIN_GROUP
            return values[f"{name}__{index}"] if enough else None

        return [
            (
                indicator,
                median(indicator.annotation, 0),
                [median(indicator.annotation, index) for index in range(1, len(areas))],
            )
            for indicator in INDICATORS
        ]

    def free_text(self) -> list[Answers]:
        """The needs and proposals written in the surveys, grouped by macro-area."""
        surveys = (
            self.surveys.filter(~Q(needs="") | ~Q(proposals=""))
            .select_related("organisation__region")
            .only(
                "needs",
                "proposals",
                "organisation__name",
                "organisation__slug",
                "organisation__region__name",
                "organisation__region__macro_area",
            )
            .order_by("organisation__name")
        )
        groups = {area.value: Answers(area.label) for area in MacroArea}
        unknown = Answers(_("Region not given"))
        for survey in surveys:
            region = survey.organisation.region
            (groups[region.macro_area] if region else unknown).surveys.append(survey)
        return [group for group in [*groups.values(), unknown] if group.surveys]

    def unaffiliated_libraries(self) -> list[ProvinceRow]:
        """Per province, the registry's libraries and those that belong to no system yet: where
        the network can encourage new aggregations. Most unaffiliated first."""
        libraries = Q(
            organisation__kind=OrganisationKind.LIBRARY,
            organisation__in_registry=True,
            organisation__status=Organisation.Status.APPROVED,
        )
        provinces = Province.objects.select_related("region").annotate(
            libraries=Count("organisation", filter=libraries, distinct=True),
            unaffiliated=Count(
                "organisation",
                filter=libraries & Q(organisation__in=Organisation.objects.in_no_system()),
                distinct=True,
            ),
        )
        if not self.scope.is_national:
            provinces = provinces.filter(region__in=self.scope.regions)
        if self.macro_area:
            provinces = provinces.filter(region__macro_area=self.macro_area)
        if self.mezzogiorno:
            provinces = provinces.filter(region__macro_area__in=MEZZOGIORNO)
        provinces = provinces.filter(libraries__gt=0).order_by("-unaffiliated", "name")
        return [
            ProvinceRow(
                province.name,
                province.region.name,
                province.libraries,
                province.unaffiliated,
                code=province.istat_code,
            )
            for province in provinces
        ]

    def csv_rows(self, *, year: int):
        """The report as one table: section, item, count, share and, for free text, the answer."""
        yield [_("Section"), _("Item"), _("Count"), _("Share (%)"), _("Answer")]
        yield [_("Systems that answered"), year, self.total, "", ""]
        sections = [
            (_("Region"), self.by_region()),
            (_("Macro-area"), self.by_macro_area()),
            (_("Governance model"), self.by_governance()),
            (_("Management"), self.by_management()),
            (_("Support needed"), self.support_needed()),
            (_("Services provided"), self.services_provided()),
            (_("Defining elements"), self.elements()),
        ]
        for title, rows in sections:
            for row in rows:
                yield [title, row.label, row.count, row.share, ""]
        yield [_("Year of the figures"), "", "", "", self.figures_years()]
        for figure in self.figures():
            yield [_("Total: %s") % figure.label, "", figure.total, "", ""]
            yield [_("Average per system: %s") % figure.label, "", figure.average, "", ""]
            yield [_("Systems that gave it: %s") % figure.label, "", figure.answers, "", ""]
        for indicator, national, by_area in self.indicator_medians():
            yield [_("Median: %s") % indicator.label, _("All"), "", "", _number(national)]
            for area, value in zip(MacroArea, by_area, strict=True):
                yield [_("Median: %s") % indicator.label, area.label, "", "", _number(value)]
        for group in self.free_text():
            for survey in group.surveys:
                label = f"{group.macro_area} — {survey.organisation.name}"
                for title, text in ((_("Needs"), survey.needs), (_("Proposals"), survey.proposals)):
                    if text:
                        yield [title, label, "", "", text]
        for row in self.unaffiliated_libraries():
            place = f"{row.province} ({row.region})"
            yield [_("Libraries in no system"), place, row.unaffiliated, row.share, ""]


def _number(value) -> str:
    return "" if value is None else f"{value:.2f}"
