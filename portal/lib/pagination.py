"""Lenient pagination: a shared link outlives its page.

A page number past the end shows the last page and one that is not a number shows the first,
instead of a 404: the list a person was sent to has only grown shorter. Function views get the
same from Django's `Paginator(...).get_page(number)`.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from portal.lib.pagecache import CachedCountPaginator


class LenientPaginationMixin:
    """For FilterView: `?page=` past the end or not a number shows the nearest page.

    The filter set is built, its filters validated and applied, and the page found, counted
    and fetched, only when the template reads them: a page whose list comes from a cached
    fragment runs none of those queries (validating a filter by region, say, looks the region
    up) and builds no form. Templates read the list through `page_obj`."""

    # A long filtered list is counted once per change of the content, not once per request.
    paginator_class = CachedCountPaginator
    # Parameters that order the list without narrowing it: `is_filtered` ignores them.
    ordering_parameters: tuple[str, ...] = ()

    def get(self, request, *args, **kwargs):
        self.filterset = SimpleLazyObject(lambda: self.get_filterset(self.get_filterset_class()))
        self.object_list = SimpleLazyObject(self._filtered)
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def list_scope(self) -> str | None:
        """Who sees the same list at the same address, besides the address itself: what its
        stored fragment is kept under (`{% fragment … list_scope %}`), and then its
        count too, without building the list's SQL to key it. "" when the list is the same for
        everyone; None, the default, when it is not stored: the count is keyed by its SQL."""
        return None

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        scope = self.list_scope()
        if scope is not None:
            parameters = sorted(
                (name, value)
                for name, values in self.request.GET.lists()
                if name != self.page_kwarg
                for value in values
            )
            kwargs["count_key"] = f"{scope}:{self.request.path}?{urlencode(parameters)}"
        return super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Whether any filter is set, for the "clear the filters" link and the empty state.
        context["is_filtered"] = any(
            self.request.GET.get(name)
            for name in self.get_filterset_class().base_filters
            if name not in self.ordering_parameters
        )
        context["list_scope"] = self.list_scope()
        # The number of the page shown, for the title: it needs the count, not the page's rows.
        paginator = context["paginator"]
        context["page_number"] = SimpleLazyObject(lambda: self._page_number(paginator))
        return context

    def _page_number(self, paginator) -> int:
        """The number `get_page` shows for `?page=`: the first when it is not a number, the
        last when it is past the end."""
        try:
            return paginator.validate_number(self.request.GET.get(self.page_kwarg) or 1)
        except PageNotAnInteger:
            return 1
        except EmptyPage:
            return paginator.num_pages

    def _filtered(self):
        """What FilterView lists: the filtered rows, or none when the filters are invalid."""
        filterset = self.filterset
        if not filterset.is_bound or filterset.is_valid() or not self.get_strict():
            return filterset.qs
        return filterset.queryset.none()

    def get_template_names(self):
        return [self.template_name]  # set by each view: the list need not be read to name it

    def get_context_object_name(self, object_list):
        return None  # no `<model>_list`: naming it would build the filter set

    def paginate_queryset(self, queryset, page_size):
        paginator = SimpleLazyObject(lambda: self.get_paginator(queryset, page_size))
        page = SimpleLazyObject(lambda: paginator.get_page(self.request.GET.get(self.page_kwarg)))
        return (
            paginator,
            page,
            SimpleLazyObject(lambda: page.object_list),
            SimpleLazyObject(lambda: page.has_other_pages()),
        )
