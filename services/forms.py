"""The forms of the services. They validate and normalise; the views call the actions."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Region, ServiceArea
from portal.lib.uploads import FileTypeValidator
from services.actions.requests import MAX_ATTACHMENTS
from services.models import (
    ATTACHMENT_FORMATS,
    ATTACHMENT_MAX_BYTES,
    CompetenceOffer,
    ServiceRequest,
)


def _files_help() -> str:
    return gettext("Up to %(count)d files: PDF, office documents or images, %(size)s each.") % {
        "count": MAX_ATTACHMENTS,
        "size": filesizeformat(ATTACHMENT_MAX_BYTES),
    }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, each checked by content and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ",".join(f".{f}" for f in ATTACHMENT_FORMATS)}),
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", lazy(_files_help, str)())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        validate = FileTypeValidator(ATTACHMENT_FORMATS, max_bytes=ATTACHMENT_MAX_BYTES)
        files = [file for file in (data if isinstance(data, list | tuple) else [data]) if file]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                gettext("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS}
            )
        for file in files:
            super().clean(file, initial)
            validate(file)
        return files


class ServiceRequestForm(forms.ModelForm):
    """What a referent asks of the network, for one of the organisations they manage."""

    organisation = forms.ModelChoiceField(queryset=None, label=_("For the organisation"))
    attachments = MultipleFileField(label=_("Attachments"))

    class Meta:
        model = ServiceRequest
        fields = ServiceRequest.EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "desired_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "desired_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]
        self.order_fields(["organisation", *ServiceRequest.EDITABLE_FIELDS, "attachments"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("desired_start"), cleaned.get("desired_end")
        if start and end and end < start:
            self.add_error("desired_end", _("The end of the period comes before its start."))
        return cleaned

    def request_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ServiceRequest.EDITABLE_FIELDS}


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=_("Markdown: *italic*, **bold**, lists and links."),
    )
    attachments = MultipleFileField(label=_("Attachments"))
    is_internal = forms.BooleanField(
        label=_("Internal note: only the network staff read it"), required=False
    )

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["is_internal"]


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# The expert roster and the competence exchange


class CompetenceOfferForm(forms.ModelForm):
    """A referent's offer of a colleague's competence, on behalf of one of the organisations
    they manage (`organisations`)."""

    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=None)

    class Meta:
        model = CompetenceOffer
        fields = ["organisation", *CompetenceOffer.EDITABLE_FIELDS]
        widgets = {
            "competences": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "days_per_year": forms.NumberInput(attrs={"min": 1, "max": 365}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "profile": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "email": _("The network's staff write to this address to agree on each request."),
            "competences": _("The service areas where your colleague can help other members."),
            "regions": _(
                "Where they can work in person; leave empty if they work remotely anywhere."
            ),
            "days_per_year": _("How many working days a year the organisation gives."),
            "profile": _(
                "Their experience in a few lines: role, projects, what they can teach. Markdown."
            ),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = (
            None if len(organisations) == 1 else _("Choose the organisation")
        )
        self.fields["competences"].queryset = ServiceArea.objects.all()
        self.fields["regions"].queryset = Region.objects.all()
        self.fields["regions"].required = False

    def clean_days_per_year(self):
        days = self.cleaned_data["days_per_year"]
        if days is not None and not 1 <= days <= 365:
            raise forms.ValidationError(_("Give a number of days between 1 and 365."))
        return days

    def offer_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in CompetenceOffer.EDITABLE_FIELDS}
