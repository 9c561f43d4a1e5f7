"""Admin actions that call an app's actions, so that staff screens keep the rules the site's own
pages keep: each selected object goes through the action, and each refusal is reported."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from portal.lib.errors import ActionError, refuse_on_form


def run_action(model_admin, request, queryset, action, keyword, done_message, **arguments):
    """Calls `action` on each selected object (passed as `keyword`, with `by` the staff member),
    reporting refusals one by one and the successes in one message."""
    done = 0
    for obj in queryset:
        try:
            action(**{keyword: obj}, by=request.user, **arguments)
        except ValidationError as error:
            model_admin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        else:
            done += 1
    if done:
        model_admin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Sent to the people concerned."),
    )


# Sent by the intermediate page's form, so that the first post (from the list's action menu)
# shows the form and the second one runs the action, even when none of its fields is sent
# (an unticked box).
CONFIRMED = "_confirmed"


def run_action_with_form(
    model_admin, request, queryset, action, keyword, done_message, title, form_class, intro=""
):
    """Asks staff to fill in `form_class` on an intermediate page (with `intro` above it), then
    runs the action on each selected object with the form's cleaned data as keyword arguments.
    """
    submitted = CONFIRMED in request.POST or any(
        name in request.POST for name in form_class.base_fields
    )
    form = form_class(request.POST if submitted else None)
    if form.is_valid():
        run_action(
            model_admin, request, queryset, action, keyword, done_message, **form.cleaned_data
        )
        return None
    return TemplateResponse(
        request,
        "admin/action_form.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "form": form,
            "objects": queryset,
            "action": request.POST["action"],
            "confirmed": CONFIRMED,
            "opts": model_admin.model._meta,
        },
    )


def run_action_with_reason(model_admin, request, queryset, action, keyword, done_message, title):
    """Asks staff for the reason on an intermediate page, then runs the action with it."""
    return run_action_with_form(
        model_admin,
        request,
        queryset,
        action,
        keyword,
        done_message,
        title,
        ReasonForm,
        intro=_("The reason is sent to the people concerned, in their language."),
    )


class SavedThroughActionsMixin:
    """For a ModelAdmin whose `save_model` calls the app's actions: a refusal shows the change
    form again, with what staff typed and the refusal next to its field, and nothing saved.

    The refused attempt runs in the admin's own transaction, which the error rolls back; the
    form is then validated again with the refusal added, so the admin renders it as any invalid
    form.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ActionError as error:
            request.action_refusal = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "action_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                refuse_on_form(self, refusal)
                return cleaned_data

        return RefusedForm
