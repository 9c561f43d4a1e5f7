"""The filter of the news list: a GET parameter, so a list of one tag is a URL one can share."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.models import News


class NewsFilter(django_filters.FilterSet):
    """Give it the news visible to the person: the filter only narrows them."""

    tag = django_filters.CharFilter(label=_("Tag"), field_name="tags__slug", max_length=100)

    class Meta:
        model = News
        fields = ["tag"]
