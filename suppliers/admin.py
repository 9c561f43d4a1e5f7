"""The supplier catalogue in the Django admin: categories, suppliers (with CSV/XLSX import and
export), claims, and the moderation queue of flagged reviews. Workflow steps call
suppliers.actions, so they tell the same people and keep the rating summary right."""

import csv

from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.lib.admin import SavedThroughActionsMixin, run_action, run_action_with_reason
from portal.lib.exports import csv_response, xlsx_response
from suppliers.actions import (
    CATEGORY_FIELDS,
    EDITABLE_FIELDS,
    approve_claim,
    create_supplier,
    hide_review,
    hide_supplier,
    publish_supplier,
    reject_claim,
    restore_review,
    save_category,
    update_supplier,
)
from suppliers.exchange import export_filename, export_rows, import_suppliers, read_rows
from suppliers.forms import ImportForm, SupplierAdminForm
from suppliers.models import (
    Category,
    Claim,
    Flag,
    Reply,
    Review,
    ReviewInModeration,
    Supplier,
)

SUMMARY_FIELDS = [
    "review_count",
    "rating_average",
    "quality_average",
    "value_average",
    "reliability_average",
    "communication_average",
    "stars_5",
    "stars_4",
    "stars_3",
    "stars_2",
    "stars_1",
    "bayesian_score",
]

# The groups of the supplier's page in the admin; the last one takes the rest of the form's
# fields, so that a field added to the model's lists shows up without another edit.
SUPPLIER_HEAD_FIELDS = ["name", "slug", "kind", "status", "is_verified", "proposed_by"]
SUPPLIER_SCOPE_FIELDS = ["categories", "regions", "is_nationwide", "tags"]
SUPPLIER_IDENTIFIER_FIELDS = [
    "vat_number",
    "fiscal_code",
    "eu_vat_number",
    "is_on_mepa",
    "is_in_runts",
]
SUPPLIER_OTHER_FIELDS = [
    name
    for name in SupplierAdminForm._meta.fields
    if name not in {*SUPPLIER_HEAD_FIELDS, *SUPPLIER_SCOPE_FIELDS, *SUPPLIER_IDENTIFIER_FIELDS}
]


@admin.register(Category)
class CategoryAdmin(SavedThroughActionsMixin, admin.ModelAdmin):
    """Categories are saved through `save_category`, which keeps the search of the suppliers in
    a renamed category right."""

    list_display = ["name", "name_en", "parent", "position"]
    list_editable = ["position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        names = form.changed_data if change else [*form.cleaned_data]
        data = {name: form.cleaned_data[name] for name in names if name in CATEGORY_FIELDS}
        saved = save_category(category=obj, data=data, by=request.user)
        obj.pk = saved.pk


class ClaimInline(admin.TabularInline):
    model = Claim
    extra = 0
    fields = ["user", "role", "status", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Supplier)
class SupplierAdmin(SavedThroughActionsMixin, admin.ModelAdmin):
    """Suppliers added and edited here go through `create_supplier` and `update_supplier`, so
    the identifiers, the verified badge and the search terms follow the same rules as on the
    site; the slug is set when the supplier is added and then kept, as its address."""

    form = SupplierAdminForm
    change_list_template = "suppliers/admin/supplier_change_list.html"
    list_display = ["name", "kind", "status", "is_verified", "review_count", "rating_average"]
    list_filter = ["status", "is_verified", "kind", "categories", "is_on_mepa", "is_nationwide"]
    search_fields = ["name", "vat_number", "fiscal_code", "eu_vat_number", "email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["categories", "regions"]
    readonly_fields = ["status", "proposed_by", "created_at", "updated_at", *SUMMARY_FIELDS]
    inlines = [ClaimInline]
    actions = ["publish", "hide", "export_csv", "export_xlsx"]
    fieldsets = [
        (None, {"fields": SUPPLIER_HEAD_FIELDS}),
        (_("What it does and where"), {"fields": SUPPLIER_SCOPE_FIELDS}),
        (_("Identifiers"), {"fields": SUPPLIER_IDENTIFIER_FIELDS}),
        (_("Contacts and profile"), {"fields": SUPPLIER_OTHER_FIELDS}),
        (_("Rating summary"), {"fields": SUMMARY_FIELDS, "classes": ["collapse"]}),
        (_("Dates"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else ["slug", *fields]

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if obj is None else {}

    def save_model(self, request, obj, form, change):
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            update_supplier(supplier=obj, data=changes, by=request.user)
        else:
            data = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
            created = create_supplier(by=request.user, data=data, slug=form.cleaned_data["slug"])
            obj.pk = created.pk
            obj._state.adding = False
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # The action saved the categories, regions and tags with the rest of the supplier.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Publish the selected suppliers"))
    def publish(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            publish_supplier,
            "supplier",
            gettext("Suppliers published: %(count)d."),
        )

    @admin.action(description=_("Hide the selected suppliers"))
    def hide(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            hide_supplier,
            "supplier",
            gettext("Suppliers hidden: %(count)d."),
        )

    @admin.action(description=_("Export the selected suppliers as CSV"))
    def export_csv(self, request, queryset):
        return csv_response(export_filename("csv"), export_rows(queryset.order_by("name")))

    @admin.action(description=_("Export the selected suppliers as XLSX"))
    def export_xlsx(self, request, queryset):
        return xlsx_response(
            export_filename("xlsx"), export_rows(queryset.order_by("name")), sheet_title="suppliers"
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="suppliers_supplier_import"), *super().get_urls()]

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        summary = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                rows = read_rows(form.cleaned_data["file"])
            except (ValueError, KeyError, csv.Error, OSError):
                form.add_error("file", gettext("This file cannot be read as CSV or XLSX."))
            else:
                summary = import_suppliers(rows=rows, by=request.user)
                form = ImportForm()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import suppliers"),
            "opts": self.model._meta,
            "form": form,
            "adminform": helpers.AdminForm(form, [(None, {"fields": ["file"]})], {}),
            "summary": summary,
        }
        return TemplateResponse(request, "suppliers/admin/import.html", context)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["supplier", "user", "role", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["supplier__name", "user__email", "user__last_name"]
    list_select_related = ["supplier", "user"]
    autocomplete_fields = ["supplier", "user"]
    readonly_fields = ["status", "decided_by", "decided_at", "rejection_reason", "created_at"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        # A claim starts from the supplier's page, by the person who works there.
        return False

    @admin.action(description=_("Approve the selected claims"))
    def approve(self, request, queryset):
        run_action(
            self, request, queryset, approve_claim, "claim", gettext("Claims approved: %(count)d.")
        )

    @admin.action(description=_("Reject the selected claims, with a reason"))
    def reject(self, request, queryset):
        return run_action_with_reason(
            self,
            request,
            queryset,
            reject_claim,
            "claim",
            gettext("Claims rejected: %(count)d."),
            gettext("Reject claims"),
        )


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    fields = ["created_at", "user", "reason", "note", "status"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReplyInline(admin.StackedInline):
    model = Reply
    extra = 0
    fields = ["author", "is_from_staff", "text", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Staff reply from the supplier's page, which tells the review's author.
        return False


class ReviewModerationMixin:
    """Reviews are their authors' words: staff read them, and hide or restore them with a reason,
    but never edit them."""

    list_display = [
        "supplier",
        "author",
        "rating",
        "status",
        "open_flag_count",
        "helpful_count",
        "created_at",
    ]
    list_select_related = ["supplier", "author"]
    search_fields = ["supplier__name", "author__email", "text", "cig"]
    readonly_fields = [
        "supplier",
        "author",
        "organisation",
        "is_for_member",
        "rating",
        "quality",
        "value",
        "reliability",
        "communication",
        "text",
        "cig",
        "work_year",
        "status",
        "helpful_count",
        "open_flag_count",
        "moderation_reason",
        "moderated_by",
        "moderated_at",
        "created_at",
    ]
    exclude = ["updated_at"]
    inlines = [FlagInline, ReplyInline]
    actions = ["hide", "restore"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting would bypass the rating summary; hiding keeps the record and recomputes it.
        return False

    @admin.action(description=_("Hide the selected reviews, with a reason"))
    def hide(self, request, queryset):
        return run_action_with_reason(
            self,
            request,
            queryset,
            hide_review,
            "review",
            gettext("Reviews hidden: %(count)d."),
            gettext("Hide reviews"),
        )

    @admin.action(description=_("Restore the selected reviews, with a reason"))
    def restore(self, request, queryset):
        return run_action_with_reason(
            self,
            request,
            queryset,
            restore_review,
            "review",
            gettext("Reviews restored: %(count)d."),
            gettext("Restore reviews"),
        )


@admin.register(Review)
class ReviewAdmin(ReviewModerationMixin, admin.ModelAdmin):
    list_filter = ["status", "rating", "is_for_member"]


@admin.register(ReviewInModeration)
class ReviewInModerationAdmin(ReviewModerationMixin, admin.ModelAdmin):
    """The queue: reviews with open flags first, most flagged on top."""

    list_filter = ["status"]
    ordering = ["-open_flag_count", "-created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(open_flag_count__gt=0)
