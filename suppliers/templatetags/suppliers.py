"""Template tags of the supplier catalogue: star ratings, and the home page's section."""

from django import template

from suppliers.models import Supplier

register = template.Library()

TOP_RATED_SHOWN = 4


@register.filter
def stars(value) -> list[bool]:
    """Five booleans, True for a full star: the rating rounded to the nearest whole star."""
    filled = 0 if value is None else int(float(value) + 0.5)
    return [number <= filled for number in range(1, 6)]


@register.inclusion_tag("suppliers/_top_rated.html", takes_context=True)
def top_rated_suppliers(context):
    """The best rated suppliers of the catalogue, for the home page."""
    user = context["request"].user
    suppliers = (
        Supplier.objects.visible_to(user)
        .published()
        .filter(review_count__gt=0)
        .prefetch_related("categories", "regions")
        .best_rated()[:TOP_RATED_SHOWN]
    )
    return {"suppliers": suppliers}
