"""Staff manage events and their registrations here: every change goes through `events.actions`."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.actions import EDITABLE_FIELDS, EventError, mark_attendance, save_event
from events.models import Event, Registration
from portal.lib.admin import SavedThroughActionsMixin
from portal.lib.exports import csv_response


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    fields = ["person", "status", "registered_at", "attended", "certificate_code"]
    readonly_fields = fields
    ordering = ["status", "registered_at", "pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


def attendee_rows(events):
    """The header, then one row per active registration of `events`."""
    yield [
        gettext("Event"),
        gettext("Date"),
        gettext("Last name"),
        gettext("First name"),
        gettext("E-mail"),
        gettext("Status"),
        gettext("Registered"),
        gettext("Attended"),
        gettext("Certificate code"),
    ]
    registrations = (
        Registration.objects.filter(event__in=events)
        .active()
        .select_related("event", "person")
        .order_by("event__starts_at", "event", "status", "person__last_name", "person__first_name")
    )
    answers = {True: gettext("yes"), False: gettext("no"), None: ""}
    for registration in registrations:
        event, person = registration.event, registration.person
        yield [
            event.title,
            event.local_start.strftime("%Y-%m-%d %H:%M"),
            person.last_name,
            person.first_name,
            person.email,
            registration.get_status_display(),
            timezone.localtime(registration.registered_at).strftime("%Y-%m-%d %H:%M"),
            answers[registration.attended],
            registration.certificate_code or "",
        ]


@admin.register(Event)
class EventAdmin(SavedThroughActionsMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "starts_at",
        "access_level",
        "capacity",
        "is_published",
        "is_cancelled",
    ]
    list_filter = ["kind", "access_level", "is_published", "is_cancelled", "region"]
    search_fields = ["title", "municipality", "venue"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]
    fields = EDITABLE_FIELDS
    inlines = [RegistrationInline]
    actions = ["download_attendees"]

    def save_model(self, request, obj, form, change):
        if change:
            data = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in EDITABLE_FIELDS
            }
            save_event(event=Event.objects.get(pk=obj.pk), by=request.user, data=data)
        else:
            data = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
            created = save_event(by=request.user, data=data)
            obj.pk = created.pk
            obj._state.adding = False
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # The action saved the tags with the rest of the event; the inline is read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Download the list of people registered (CSV)"))
    def download_attendees(self, request, queryset):
        return csv_response("iscritti-eventi.csv", attendee_rows(queryset))


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["person", "event", "status", "registered_at", "attended", "certificate_code"]
    list_filter = ["status", "attended", "event__kind"]
    search_fields = ["person__email", "person__last_name", "event__title", "certificate_code"]
    list_select_related = ["person", "event"]
    readonly_fields = [
        "event",
        "person",
        "status",
        "registered_at",
        "cancelled_at",
        "attended",
        "attendance_marked_at",
        "attendance_marked_by",
        "certificate_code",
    ]
    actions = ["mark_attended", "mark_not_attended"]

    def has_add_permission(self, request):
        return False

    def _mark(self, request, queryset, attended):
        try:
            count = mark_attendance(
                registrations=list(queryset), attended=attended, by=request.user
            )
        except EventError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("Attendance recorded: %(count)d.") % {"count": count},
                messages.SUCCESS,
            )

    @admin.action(description=_("Mark as attended"))
    def mark_attended(self, request, queryset):
        self._mark(request, queryset, True)

    @admin.action(description=_("Mark as not attended"))
    def mark_not_attended(self, request, queryset):
        self._mark(request, queryset, False)
