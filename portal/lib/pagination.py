"""Lenient pagination: a shared link outlives its page.

A page number past the end shows the last page and one that is not a number shows the first,
instead of a 404: the list a person was sent to has only grown shorter. Function views get the
same from Django's `Paginator(...).get_page(number)`.
"""

from django.utils.functional import SimpleLazyObject

from portal.lib.pagecache import CachedCountPaginator


class LenientPaginationMixin:
    """For ListView and FilterView: `?page=` past the end or not a number shows the nearest page."""

    # A long filtered list is counted once per change of the content, not once per request.
    paginator_class = CachedCountPaginator

    def paginate_queryset(self, queryset, page_size):
        """The page is found, counted and fetched only when the template reads it: a page whose
        list comes from a cached fragment runs none of those queries."""
        paginator = self.get_paginator(queryset, page_size)
        page = SimpleLazyObject(lambda: paginator.get_page(self.request.GET.get(self.page_kwarg)))
        return (
            paginator,
            page,
            SimpleLazyObject(lambda: page.object_list),
            SimpleLazyObject(lambda: page.has_other_pages()),
        )
