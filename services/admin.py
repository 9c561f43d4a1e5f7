"""The services app in the Django admin: the expert roster, and the queue of competence offers
that staff approve or decline through services.actions."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.lib.admin import SavedThroughActionsMixin, run_action, run_action_with_reason
from services.actions.experts import (
    EXPERT_FIELDS,
    add_expert,
    approve_offer,
    decline_offer,
    update_expert,
)
from services.models import CompetenceOffer, Expert

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
