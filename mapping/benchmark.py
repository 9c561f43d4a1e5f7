"""A library system's indicators beside those of its peers, the country's and its macro-area's.

One year of figures is compared at a time (the year the figures refer to). A group's median and
quartiles are of the other systems only, and shown only when at least `MIN_GROUP` of them have a
value: a smaller group would give away a named system's figures. Every statistic is an aggregate
query, so the page runs the same number of queries however many systems answered.
"""

import itertools
import math
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mapping.indicators import INDICATORS, Indicator, Percentiles, with_indicators
from mapping.models import Survey
from members.models import MacroArea

MIN_GROUP = 5
# How many of the group's systems the page lists by name, at most (the CSV has the statistics).
LISTED_PEERS = 50

GROUPS = [
    ("band", gettext_lazy("Systems of a similar population")),
    ("macro_area", gettext_lazy("Systems of the same macro-area")),
    ("governance", gettext_lazy("Systems with the same governance model")),
    ("picked", gettext_lazy("Systems I pick by name")),
]


@dataclass
class Stats:
    """The quartiles of the other systems' values and how many systems have one."""

    count: int
    quartiles: list | None

    @property
    def shown(self) -> bool:
        return self.count >= MIN_GROUP and bool(self.quartiles)

    @property
    def median(self):
        return self.quartiles[1] if self.shown else None

    @property
    def q1(self):
        return self.quartiles[0] if self.shown else None

    @property
    def q3(self):
        return self.quartiles[2] if self.shown else None


@dataclass
class Row:
    indicator: Indicator
    value: float | None
    group: Stats
    national: Stats
    macro_area: Stats
    rank: int | None = None
    trend: list = field(default_factory=list)

    @property
    def ranked_among(self) -> int:
        """The size of the ranking: the group's systems with a value, and this one."""
        return self.group.count + 1

    def plot(self) -> dict | None:
        """Where the box plot draws the group's quartiles, the national median and this
        system's value, as percentages of the row's scale; None with nothing to draw."""
        points = [self.value, self.group.q3, self.national.median, self.macro_area.median]
        top = max((point for point in points if point is not None), default=None)
        if not top:
            return None

        def at(value):
            return None if value is None else f"{min(100.0, 100 * value / (top * 1.1)):.1f}"

        plot = {
            "value": at(self.value),
            "national": at(self.national.median),
            "q1": at(self.group.q1),
            "median": at(self.group.median),
            "q3": at(self.group.q3),
        }
        if self.group.shown:
            plot["box_width"] = f"{float(plot['q3']) - float(plot['q1']):.1f}"
        return plot


@dataclass
class Band:
    low: int | None
    high: int | None

    def contains(self, population) -> bool:
        return (self.low is None or population >= self.low) and (
            self.high is None or population < self.high
        )

    @property
    def label(self) -> str:
        low = number_format(self.low, force_grouping=True) if self.low is not None else ""
        high = number_format(self.high, force_grouping=True) if self.high is not None else ""
        if self.low is None:
            return _("Fewer than %(high)s inhabitants") % {"high": high}
        if self.high is None:
            return _("%(low)s inhabitants or more") % {"low": low}
        return _("From %(low)s to fewer than %(high)s inhabitants") % {"low": low, "high": high}

    def condition(self) -> Q:
        condition = Q()
        if self.low is not None:
            condition &= Q(population_served__gte=self.low)
        if self.high is not None:
            condition &= Q(population_served__lt=self.high)
        return condition


def _round(value: float) -> int:
    """A band's limit as people say it: two significant digits (48,213 is 48,000)."""
    digits = max(0, int(math.log10(value)) - 1)
    return int(round(value, -digits))


def population_bands(surveys) -> list[Band]:
    """Bands of population served cut at the quartiles of the year's systems, rounded."""
    quartiles = surveys.aggregate(q=Percentiles("population_served"))["q"] or []
    cuts = sorted({_round(value) for value in quartiles if value and value >= 1})
    limits = [None, *cuts, None]
    return [Band(low, high) for low, high in itertools.pairwise(limits)]


class SystemBenchmark:
    """The benchmark of `system` for the person `user`, in a year of its figures, against the
    group chosen by `group` (one of GROUPS; `picked` lists the slugs of the systems picked)."""

    def __init__(self, system, *, user, year=None, group="band", picked=()):
        self.system = system
        self.user = user
        self.group = group
        self.picked = list(picked)
        self.picked_set = set(self.picked)
        self.trend = list(
            with_indicators(Survey.objects.compared().filter(organisation=system))
            .select_related("governance")
            .order_by("figures_year")
        )
        self.years = [survey.figures_year for survey in self.trend]
        self.year = year if year in self.years else (self.years[-1] if self.years else None)
        self.survey = next((s for s in self.trend if s.figures_year == self.year), None)
        self.region = system.region
        self.bands = []
        self.band = None
        if self.survey is None:
            return
        year_surveys = Survey.objects.compared().filter(figures_year=self.year)
        self.peers = year_surveys.exclude(organisation=system)
        self.bands = population_bands(year_surveys)
        population = self.survey.population_served
        if population is not None:
            self.band = next(band for band in self.bands if band.contains(population))

    @property
    def macro_area_label(self) -> str:
        return MacroArea(self.region.macro_area).label if self.region else ""

    @property
    def group_label(self) -> str:
        if self.group == "band":
            return self.band.label if self.band else ""
        if self.group == "macro_area":
            return self.macro_area_label
        if self.group == "governance":
            governance = self.survey.governance
            return str(governance) if governance else ""
        return _("%(count)s systems picked") % {"count": len(self.picked)}

    def group_condition(self) -> Q | None:
        """Which of the other systems make the chosen group; None when it has none."""
        if self.group == "band":
            return self.band.condition() if self.band else None
        if self.group == "macro_area":
            return (
                Q(organisation__region__macro_area=self.region.macro_area) if self.region else None
            )
        if self.group == "governance":
            governance = self.survey.governance_id
            return Q(governance_id=governance) if governance else None
        return Q(organisation__slug__in=self.picked) if self.picked else None

    @cached_property
    def rows(self) -> list[Row]:
        if self.survey is None:
            return []
        group = self.group_condition()
        nowhere = Q(pk__in=[])
        macro_area = (
            Q(organisation__region__macro_area=self.region.macro_area) if self.region else nowhere
        )
        aggregates = {}
        for indicator in INDICATORS:
            name = indicator.annotation
            value = getattr(self.survey, name)
            for key, condition in (
                ("national", Q()),
                ("macro", macro_area),
                ("group", group if group is not None else nowhere),
            ):
                aggregates[f"{name}__{key}"] = Percentiles(name, filter=condition)
                aggregates[f"{name}__{key}_n"] = Count(name, filter=condition)
            if value is not None and group is not None:
                aggregates[f"{name}__above"] = Count(
                    name, filter=group & Q(**{f"{name}__gt": value})
                )
        values = with_indicators(self.peers).aggregate(**aggregates)
        trend = {indicator.slug: [] for indicator in INDICATORS}
        for survey in self.trend:
            for indicator in INDICATORS:
                trend[indicator.slug].append(
                    (survey.figures_year, getattr(survey, indicator.annotation))
                )
        rows = []
        for indicator in INDICATORS:
            name = indicator.annotation
            row = Row(
                indicator=indicator,
                value=getattr(self.survey, name),
                group=Stats(values[f"{name}__group_n"], values[f"{name}__group"]),
                national=Stats(values[f"{name}__national_n"], values[f"{name}__national"]),
                macro_area=Stats(values[f"{name}__macro_n"], values[f"{name}__macro"]),
                trend=trend[indicator.slug],
            )
            if row.group.shown and f"{name}__above" in values:
                row.rank = values[f"{name}__above"] + 1
            rows.append(row)
        return rows

    def pickable(self) -> list[tuple[str, str]]:
        """The other systems with figures of the year, by name, to compose a group from."""
        if self.survey is None:
            return []
        return list(
            self.peers.order_by("organisation__name").values_list(
                "organisation__slug", "organisation__name"
            )
        )

    def listed_peers(self) -> list:
        """The group's systems whose figures the person may see by name (their own, those
        shared openly, or all for staff), up to LISTED_PEERS and one more to tell there are."""
        group = self.group_condition() if self.survey is not None else None
        if group is None:
            return []
        surveys = self.peers.filter(group).figures_visible_to(self.user)
        return list(
            with_indicators(surveys)
            .select_related("organisation")
            .order_by("organisation__name")[: LISTED_PEERS + 1]
        )

    def csv_rows(self):
        yield [
            _("Indicator"),
            _("Formula"),
            _("Year of the figures"),
            self.system.name,
            _("Peer group"),
            _("Systems in the group"),
            _("Group: first quartile"),
            _("Group: median"),
            _("Group: third quartile"),
            _("Rank in the group"),
            _("National median"),
            _("Macro-area median"),
        ]
        group_label = self.group_label
        for row in self.rows:
            yield [
                row.indicator.label,
                row.indicator.formula,
                self.year,
                _rounded(row.value, row.indicator),
                group_label,
                row.group.count,
                _rounded(row.group.q1, row.indicator),
                _rounded(row.group.median, row.indicator),
                _rounded(row.group.q3, row.indicator),
                f"{row.rank}/{row.ranked_among}" if row.rank else "",
                _rounded(row.national.median, row.indicator),
                _rounded(row.macro_area.median, row.indicator),
            ]
        yield []
        yield [_("Trend"), *[survey.figures_year for survey in self.trend]]
        for row in self.rows:
            yield [
                row.indicator.label,
                *[_rounded(value, row.indicator) for _y, value in row.trend],
            ]


def _rounded(value, indicator):
    return "" if value is None else round(value, indicator.decimals)
