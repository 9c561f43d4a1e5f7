"""Template tags of the supplier catalogue: star ratings, and the home page's section."""

from django import template

from suppliers.models import TOP_RATED_SHOWN, Supplier

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
