"""The filters and orderings of the supplier catalogue.

Every filter is a GET parameter, so a filtered, ordered page of the catalogue is a URL one can
share; the CSV export reads the same parameters.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from members.models import Region
from portal.lib.filters import CheckboxFilter
from portal.lib.search import MAX_QUERY_LENGTH
from suppliers.models import Category, Supplier, SupplierKind, SupplierTag

ORDERINGS = {
    "best": ("-bayesian_score", "-review_count", Upper("name"), "pk"),
    "reviews": ("-review_count", "-bayesian_score", Upper("name"), "pk"),
    "newest": ("-created_at", "-pk"),
    "name": (Upper("name"), "pk"),
}
ORDERING_CHOICES = [
    ("best", _("Best rated")),
    ("reviews", _("Most reviewed")),
    ("newest", _("Newest")),
    ("name", _("Name")),
]
MIN_RATING_CHOICES = [
    ("4", _("4 stars and more")),
    ("3", _("3 stars and more")),
    ("2", _("2 stars and more")),
]


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, category):
        # Specialities indented under their area, so the flat list reads as a tree.
        return f"— {category}" if category.parent_id else str(category)


class CategoryFilter(django_filters.ModelChoiceFilter):
    field_class = CategoryChoiceField


class SupplierFilter(django_filters.FilterSet):
    """Give it the visible queryset (`Supplier.objects.visible_to(user).published()`): the
    filters only narrow it. Without a search or an explicit order, the best rated come first;
    with a search, the best matches."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=MAX_QUERY_LENGTH
    )
    category = CategoryFilter(
        label=_("Category"),
        queryset=Category.objects.in_tree_order(),
        to_field_name="slug",
        method="filter_category",
        empty_label=_("All categories"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region served"),
        queryset=Region.objects.order_by("name"),
        to_field_name="istat_code",
        method="filter_region",
        empty_label=_("All regions"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=SupplierKind.choices, empty_label=_("All kinds")
    )
    min_rating = django_filters.ChoiceFilter(
        label=_("Rating"),
        choices=MIN_RATING_CHOICES,
        method="filter_min_rating",
        empty_label=_("Any rating"),
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"),
        queryset=Tag.objects.filter(
            Exists(SupplierTag.objects.filter(tag=OuterRef("pk")))
        ).order_by("name"),
        to_field_name="slug",
        method="filter_tag",
        empty_label=_("All tags"),
    )
    verified = CheckboxFilter(
        label=_("Only suppliers verified by the network"), method="filter_verified"
    )
    mepa = CheckboxFilter(label=_("Only suppliers on MePA"), method="filter_mepa")
    order = django_filters.ChoiceFilter(
        label=_("Order by"),
        choices=ORDERING_CHOICES,
        method="keep",
        empty_label=None,
    )

    class Meta:
        model = Supplier
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the tags of suppliers the person sees: a proposal's tags stay private with it.
        self.filters["tag"].queryset = Tag.objects.filter(
            Exists(SupplierTag.objects.filter(tag=OuterRef("pk"), content_object__in=self.queryset))
        ).order_by("name")
        self.form.fields["order"].required = False
        self.form.fields["order"].choices = ORDERING_CHOICES

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_category(self, queryset, name, category):
        # An area holds its specialities: a supplier in one of them is in the area too.
        links = Supplier.categories.through.objects.filter(supplier=OuterRef("pk")).filter(
            Q(category=category) | Q(category__parent=category)
        )
        return queryset.filter(Exists(links))

    def filter_region(self, queryset, name, region):
        links = Supplier.regions.through.objects.filter(supplier=OuterRef("pk"), region=region)
        return queryset.filter(Q(is_nationwide=True) | Exists(links))

    def filter_min_rating(self, queryset, name, value):
        return queryset.filter(rating_average__gte=int(value))

    def filter_tag(self, queryset, name, tag):
        return queryset.filter(
            Exists(SupplierTag.objects.filter(content_object=OuterRef("pk"), tag=tag))
        )

    def filter_verified(self, queryset, name, value):
        return queryset.filter(is_verified=True) if value else queryset

    def filter_mepa(self, queryset, name, value):
        return queryset.filter(is_on_mepa=True) if value else queryset

    def keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        order = self.form.cleaned_data.get("order")
        if order:
            return queryset.order_by(*ORDERINGS[order])
        if self.form.cleaned_data.get("q"):
            return queryset  # best matches first, as the search ranks them
        return queryset.order_by(*ORDERINGS["best"])
