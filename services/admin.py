"""The network staff's screens: the catalogue, the queue of service requests, the expert roster
and the competence offers, all moved on through the actions of `services.actions`."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.lib.admin import (
    SavedThroughActionsMixin,
    run_action,
    run_action_with_form,
    run_action_with_reason,
)
from services.actions.experts import (
    EXPERT_FIELDS,
    add_expert,
    approve_offer,
    decline_offer,
    update_expert,
)
from services.actions.requests import (
    accept_request,
    assign_request,
    complete_request,
    decline_request,
    start_request,
)
from services.models import CompetenceOffer, Expert, Message, RequestEvent, Service, ServiceRequest


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "official_condition", "credits", "in_flat_rate", "is_active"]
    list_filter = ["area", "is_active", "delivered_by", "official_condition", "in_flat_rate"]
    list_editable = ["is_active"]
    search_fields = ["name", "name_en", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["slug", *Service.EDITABLE_FIELDS]


class EventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "author", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class MessageInline(admin.StackedInline):
    model = Message
    extra = 0
    can_delete = False
    fields = ["created_at", "author", "from_network", "is_internal", "body"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class AssignForm(forms.Form):
    staff_member = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_staff=True, is_active=True).order_by("email"),
        required=False,
        label=_("Staff member"),
    )
    expert = forms.ModelChoiceField(
        queryset=Expert.objects.filter(is_active=True), required=False, label=_("Expert")
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the organisation (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "organisation",
        "service",
        "status",
        "awaiting",
        "assigned_staff",
        "assigned_expert",
        "created_at",
    ]
    list_filter = [
        "status",
        "awaiting",
        "service",
        ("organisation__region", admin.RelatedOnlyFieldListFilter),
        ("assigned_staff", admin.RelatedOnlyFieldListFilter),
        ("assigned_expert", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["subject", "organisation__name", "=id"]
    list_select_related = ["organisation", "service", "assigned_staff", "assigned_expert"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "service",
        "organisation",
        "requested_by",
        "subject",
        "description",
        "desired_start",
        "desired_end",
        "status",
        "condition",
        "price",
        "credits",
        "credits_taken",
        "decline_reason",
        "assigned_staff",
        "assigned_expert",
        "awaiting",
        "created_at",
    ]
    fields = readonly_fields
    inlines = [EventInline, MessageInline]
    actions = ["accept", "decline", "start", "complete", "assign"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Accept the selected requests (taking their credits)"))
    def accept(self, request, queryset):
        return run_action_with_form(
            self,
            request,
            queryset,
            accept_request,
            "request",
            gettext("Requests accepted: %(count)d."),
            gettext("Accept requests"),
            NoteForm,
        )

    @admin.action(description=_("Decline the selected requests, with a reason"))
    def decline(self, request, queryset):
        return run_action_with_reason(
            self,
            request,
            queryset,
            decline_request,
            "request",
            gettext("Requests declined: %(count)d."),
            gettext("Decline requests"),
        )

    @admin.action(description=_("Start work on the selected requests"))
    def start(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            start_request,
            "request",
            gettext("Requests in progress: %(count)d."),
        )

    @admin.action(description=_("Mark the selected requests completed"))
    def complete(self, request, queryset):
        return run_action_with_form(
            self,
            request,
            queryset,
            complete_request,
            "request",
            gettext("Requests completed: %(count)d."),
            gettext("Complete requests"),
            NoteForm,
        )

    @admin.action(description=_("Assign the selected requests"))
    def assign(self, request, queryset):
        return run_action_with_form(
            self,
            request,
            queryset,
            assign_request,
            "request",
            gettext("Requests assigned: %(count)d."),
            gettext("Assign requests"),
            AssignForm,
        )


# The expert roster and the competence exchange


@admin.register(Expert)
class ExpertAdmin(SavedThroughActionsMixin, admin.ModelAdmin):
    list_display = ["name", "organisation", "is_offered", "availability", "is_active"]
    list_filter = [
        "competences",
        "regions",
        "availability",
        "is_offered",
        # The organisations that offer someone, not every organisation of the registry.
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "is_active",
    ]
    list_select_related = ["organisation"]
    search_fields = ["name", "email", "organisation__name", "profile"]
    autocomplete_fields = ["user", "organisation"]
    filter_horizontal = ["competences", "regions"]
    fields = EXPERT_FIELDS

    def save_model(self, request, obj, form, change):
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            update_expert(expert=obj, data=changes, by=request.user)
        else:
            data = {name: form.cleaned_data[name] for name in EXPERT_FIELDS}
            created = add_expert(by=request.user, data=data)
            obj.pk = created.pk
            obj._state.adding = False
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # The action saved the competences and regions with the rest of the expert.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(CompetenceOffer)
class CompetenceOfferAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "days_per_year", "status", "created_at"]
    list_filter = ["status", "competences"]
    list_select_related = ["organisation"]
    search_fields = ["name", "email", "organisation__name"]
    actions = ["approve", "decline"]
    # Offers come from the referents' form and are decided by the actions below.
    readonly_fields = [
        "organisation",
        "offered_by",
        "name",
        "email",
        "competences",
        "regions",
        "days_per_year",
        "conditions",
        "profile",
        "status",
        "decline_reason",
        "expert",
        "created_at",
        "decided_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Approve the selected offers: the colleagues join the roster"))
    def approve(self, request, queryset):
        run_action(
            self,
            request,
            queryset,
            approve_offer,
            "offer",
            gettext("Offers approved: %(count)d."),
        )

    @admin.action(description=_("Decline the selected offers, with a reason"))
    def decline(self, request, queryset):
        return run_action_with_reason(
            self,
            request,
            queryset,
            decline_offer,
            "offer",
            gettext("Offers declined: %(count)d."),
            gettext("Decline competence offers"),
        )
