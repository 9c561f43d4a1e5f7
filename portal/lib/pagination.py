"""Lenient pagination: a shared link outlives its page.

A page number past the end shows the last page and one that is not a number shows the first,
instead of a 404: the list a person was sent to has only grown shorter. Function views get the
same from Django's `Paginator(...).get_page(number)`.
"""

from django.utils.functional import SimpleLazyObject

from portal.lib.pagecache import CachedCountPaginator


class LenientPaginationMixin:
    """For FilterView: `?page=` past the end or not a number shows the nearest page.

    The filters are validated and applied, and the page is found, counted and fetched, only
    when the template reads them: a page whose list comes from a cached fragment runs none of
    those queries (validating a filter by region, say, looks the region up)."""

    # A long filtered list is counted once per change of the content, not once per request.
    paginator_class = CachedCountPaginator

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = SimpleLazyObject(self._filtered)
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def _filtered(self):
        """What FilterView lists: the filtered rows, or none when the filters are invalid."""
        filterset = self.filterset
        if not filterset.is_bound or filterset.is_valid() or not self.get_strict():
            return filterset.qs
        return filterset.queryset.none()

    def get_template_names(self):
        return [self.template_name]  # set by each view: the list need not be read to name it

    def get_context_object_name(self, object_list):
        return f"{self.filterset.queryset.model._meta.model_name}_list"

    def paginate_queryset(self, queryset, page_size):
        paginator = SimpleLazyObject(lambda: self.get_paginator(queryset, page_size))
        page = SimpleLazyObject(lambda: paginator.get_page(self.request.GET.get(self.page_kwarg)))
        return (
            paginator,
            page,
            SimpleLazyObject(lambda: page.object_list),
            SimpleLazyObject(lambda: page.has_other_pages()),
        )
