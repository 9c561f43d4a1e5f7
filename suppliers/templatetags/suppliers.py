"""Template tags of the supplier catalogue: star ratings, and the home page's section."""

from django import template
from django.core.cache import cache

from suppliers.models import TOP_RATED_CACHE_KEY, SupplierKind

register = template.Library()


@register.filter
def stars(value) -> list[bool]:
    """Five booleans, True for a full star: the rating rounded to the nearest whole star."""
    filled = 0 if value is None else int(float(value) + 0.5)
    return [number <= filled for number in range(1, 6)]


@register.inclusion_tag("suppliers/_top_rated.html")
def top_rated_suppliers():
    """The best rated suppliers, for the home page, from the list the actions keep in the cache
    (see `suppliers.actions.refresh_top_rated`): the home page runs no query."""
    entries = cache.get(TOP_RATED_CACHE_KEY) or []
    return {
        "suppliers": [
            {**entry, "kind_label": SupplierKind(entry["kind"]).label} for entry in entries
        ]
    }
