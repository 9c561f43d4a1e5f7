"""Lenient pagination: a shared link outlives its page.

A page number past the end shows the last page and one that is not a number shows the first,
instead of a 404: the list a person was sent to has only grown shorter. Function views get the
same from Django's `Paginator(...).get_page(number)`.
"""


class LenientPaginationMixin:
    """For ListView and FilterView: `?page=` past the end or not a number shows the nearest page."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
