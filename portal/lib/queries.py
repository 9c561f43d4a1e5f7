"""Query expressions several apps' querysets share."""

from django.db import models


class SubqueryCount(models.Subquery):
    """The number of rows of a queryset filtered on an `OuterRef`, as one column of the outer
    query (`annotate(n=SubqueryCount(Practice.objects.filter(organisation=OuterRef("pk"))))`).
    Counting in a subquery keeps several counts of one row from multiplying each other, as joins
    would."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = models.IntegerField()

    def __init__(self, queryset, **extra):
        super().__init__(queryset.order_by().values("pk"), **extra)
