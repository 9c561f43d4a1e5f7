"""The performance indicators computed from a survey's yearly figures, as ISO 11620 and the
Italian libraries' association's measurement guidelines define those its figures allow.

Each indicator is a ratio of two of a survey's figures, computed in the database: a survey that
lacks either figure (or whose denominator is zero) has no value for it, never a zero.
"""

from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Cast, NullIf
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Indicator:
    slug: str
    label: str | Promise
    definition: str | Promise
    formula: str | Promise
    numerator: str
    denominator: str
    factor: int = 1
    decimals: int = 2

    @property
    def annotation(self) -> str:
        """The name of the column `with_indicators` adds to each survey."""
        return f"indicator_{self.slug.replace('-', '_')}"

    def expression(self):
        numerator = Cast(F(self.numerator), models.FloatField())
        denominator = NullIf(Cast(F(self.denominator), models.FloatField()), Value(0.0))
        return numerator * Value(float(self.factor)) / denominator


INDICATORS = [
    Indicator(
        "loans-per-inhabitant",
        _("Loans per inhabitant"),
        _("How many loans the system's libraries made in the year for each resident served."),
        _("loans ÷ population served"),
        "loans",
        "population_served",
    ),
    Indicator(
        "active-users-share",
        _("Active users (% of the population)"),
        _("The share of the population served that borrowed or used a service in the year."),
        _("active users ÷ population served x 100"),
        "active_users",
        "population_served",
        factor=100,
        decimals=1,
    ),
    Indicator(
        "hours-per-library",
        _("Opening hours per library per week"),
        _("How many hours a week a library of the system is open, on average."),
        _("opening hours a week ÷ libraries"),
        "opening_hours_per_week",
        "libraries_count",
        decimals=1,
    ),
    Indicator(
        "staff-per-10000",
        _("Staff (FTE) per 10,000 inhabitants"),
        _("Paid staff in full-time equivalents for every 10,000 residents served."),
        _("staff FTE ÷ population served x 10,000"),
        "staff_fte",
        "population_served",
        factor=10_000,
    ),
    Indicator(
        "spending-per-inhabitant",
        _("Acquisitions spending per inhabitant (€)"),
        _("What the libraries spent on documents in the year, per resident served."),
        _("acquisitions spending ÷ population served"),
        "acquisitions_spending",
        "population_served",
    ),
    Indicator(
        "inhabitants-per-library",
        _("Inhabitants per library"),
        _("How many residents each library of the system serves, on average."),
        _("population served ÷ libraries"),
        "population_served",
        "libraries_count",
        decimals=0,
    ),
]


def with_indicators(surveys):
    """The surveys, each annotated with every indicator's value (None where it has none)."""
    return surveys.annotate(
        **{indicator.annotation: indicator.expression() for indicator in INDICATORS}
    )


class Percentiles(models.Aggregate):
    """The quartiles of the values (first, median, third), interpolated as PostgreSQL's
    `percentile_cont` does; NULL over no value."""

    function = "percentile_cont"
    name = "Percentiles"
    template = (
        "%(function)s(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    )
    output_field = ArrayField(models.FloatField())


class Median(models.Aggregate):
    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    output_field = models.FloatField()
