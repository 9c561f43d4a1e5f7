"""Template tags of the supplier catalogue: star ratings, the home page's section, and what waits
for a supplier's representative in "La mia area"."""

from django import template

from members.models import Organisation, last_twelve_months
from suppliers.models import TOP_RATED_SHOWN, Claim, Review, Supplier, contributions

register = template.Library()


@register.filter
def stars(value) -> list[bool]:
    """Five booleans, True for a full star: the rating rounded to the nearest whole star."""
    filled = 0 if value is None else int(float(value) + 0.5)
    return [number <= filled for number in range(1, 6)]


@register.inclusion_tag("suppliers/_top_rated.html")
def top_rated_suppliers():
    """The best rated published suppliers that have reviews, for the home page: one query."""
    suppliers = (
        Supplier.objects.published()
        .filter(review_count__gt=0)
        .best_rated()
        .only("slug", "name", "kind", "rating_average", "review_count")[:TOP_RATED_SHOWN]
    )
    return {"suppliers": suppliers}


@register.inclusion_tag("suppliers/_organisation_contributions.html")
def organisation_review_contributions(organisation):
    """The reviews the organisation's people wrote in the last twelve months, as a row of the
    organisation page's list of contributions: one query."""
    start, end = last_twelve_months()
    return Organisation.objects.filter(pk=organisation.pk).values(**contributions(start, end)).get()


DASHBOARD_SHOWN = 10


@register.inclusion_tag("suppliers/_dashboard_reviews.html")
def reviews_awaiting_reply(person):
    """For "La mia area": the reviews of the suppliers the person represents that have no reply
    yet, oldest first."""
    reviews = list(
        Review.objects.visible()
        .filter(
            supplier__claims__user=person,
            supplier__claims__status=Claim.Status.APPROVED,
            reply__isnull=True,
        )
        .select_related("supplier")
        .only("pk", "rating", "created_at", "supplier__slug", "supplier__name")
        .order_by("created_at", "pk")[:DASHBOARD_SHOWN]
    )
    return {"reviews": reviews}
