"""The forms of the practices pages. They validate and normalise; the views call the actions."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from members.models import Organisation, OrganisationKind, Region, ServiceArea
from portal.lib.forms import DateInput
from portal.lib.tags import validate_tags
from practices.models import (
    SHARE_ALIKE_MESSAGE,
    Audience,
    Comment,
    Practice,
    PracticeAttachment,
    licence_keeps_share_alike,
)

MAX_LINKS = 20


class PracticeForm(forms.ModelForm):
    """The text of a practice, for a new draft, a draft, a returned practice or a revision."""

    audiences = forms.MultipleChoiceField(
        label=_("Target audiences"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Practice
        fields = Practice.EDITABLE_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "themes": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            "started_on": DateInput,
            "ended_on": DateInput,
            "funding_sources": forms.Textarea(attrs={"rows": 2}),
            "results": forms.Textarea(attrs={"rows": 5}),
            "indicators": forms.Textarea(attrs={"rows": 3}),
            "replication": forms.Textarea(attrs={"rows": 4}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "tags": _("Words that help others find it, separated by commas."),
            "cover": _("PNG, JPEG, GIF or WebP, up to 3 MB."),
            "partners": _("Other library systems of the network that took part."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = ServiceArea.objects.all()
        self.fields["region"].queryset = Region.objects.all()
        self.fields["region"].empty_label = _("Choose the region")
        # The systems of the network; other partners are written in `other_partners`.
        self.fields["partners"].queryset = (
            Organisation.objects.listed()
            .filter(kind=OrganisationKind.LIBRARY_SYSTEM)
            .order_by("name")
        )
        if self.instance.derived_from_id:
            self.fields["licence"].help_text = _(
                "A practice derived from a CC BY-SA practice keeps CC BY-SA."
            )

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        validate_tags(tags)
        return tags

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise forms.ValidationError(
                _("At most %(count)d links."), params={"count": MAX_LINKS}, code="too_many"
            )
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("«%(line)s» is not a web address (it starts with https://)."),
                    params={"line": line},
                    code="invalid_link",
                ) from None
        return "\n".join(lines)

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end comes before the start."))
        if cleaned.get("is_ongoing") and ended:
            self.add_error("ended_on", _("An ongoing practice has no end date yet."))
        origin = self.instance.derived_from
        if origin is not None and not licence_keeps_share_alike(origin, cleaned.get("licence")):
            self.add_error("licence", SHARE_ALIKE_MESSAGE)
        return cleaned

    def data_for_action(self) -> dict:
        """The cleaned values, file fields left out when nothing new was uploaded."""
        data = dict(self.cleaned_data)
        if data.get("cover") is None:
            data.pop("cover", None)
        return data


class NewPracticeForm(PracticeForm):
    """A new draft: the person chooses which of their organisations contributes it."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )

    class Meta(PracticeForm.Meta):
        fields = ["organisation", *PracticeForm.Meta.fields]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.order_fields(["organisation"])

    def data_for_action(self) -> dict:
        data = super().data_for_action()
        data.pop("organisation")
        return data


class SubmitForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "I confirm that the people recognisable in the images and attachments, and for "
            "minors their parents or guardians, consented to their publication."
        ),
        error_messages={
            "required": _("Confirm the consent to publish the images before submitting.")
        },
    )


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = PracticeAttachment
        fields = ["file", "caption"]
        help_texts = {
            "file": _(
                "PDF, ODT, DOCX, PNG, JPEG, SVG, or the editable sources of graphics: ODG, IDML, "
                "Scribus SLA. Up to 20 MB."
            ),
            "caption": _("What the file is, for whoever downloads it."),
        }


def _choose_among(field, organisations) -> None:
    """Offers `organisations` in the select, read once: the widget would otherwise query them
    again to decide whether the field is required."""
    field.queryset = organisations
    choices = field.choices  # the iterator that makes each option
    field.widget.choices = [choices.choice(organisation) for organisation in organisations]


class AdoptionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Your organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    note = forms.CharField(
        label=_("How you adopted it"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        _choose_among(self.fields["organisation"], organisations)


class DeriveForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("For your organisation"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        _choose_among(self.fields["organisation"], organisations)


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        labels = {"body": _("Your comment")}
