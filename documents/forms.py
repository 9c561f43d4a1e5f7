"""The forms of the document library. They validate and normalise; the views call the actions."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents.models import FORMATS, MAX_BYTES, Document, Flag, Kind
from members.models import Region, ServiceArea
from portal.lib.forms import DateInput
from portal.lib.tags import validate_tags
from portal.lib.uploads import FileTypeValidator


def _file_help() -> str:
    return gettext("PDF, ODT, DOCX, ODS, XLSX, RTF or TXT, up to %(size)s.") % {
        "size": filesizeformat(MAX_BYTES)
    }


FILE_HELP = lazy(_file_help, str)()


def _file_field(label):
    return forms.FileField(
        label=label,
        help_text=FILE_HELP,
        validators=[FileTypeValidator(FORMATS, max_bytes=MAX_BYTES)],
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{f}" for f in FORMATS)}),
    )


def _consent_field():
    return forms.BooleanField(
        label=_(
            "I confirm that the file holds no personal data: names of private people, tax "
            "codes, home addresses and signatures were removed"
        ),
        required=True,
        error_messages={
            "required": _(
                "Confirm that personal data were removed from the file before sharing it."
            )
        },
    )


class DocumentForm(forms.ModelForm):
    """What a document says about itself, for a new document and for its edit page."""

    class Meta:
        model = Document
        fields = Document.EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "themes": forms.CheckboxSelectMultiple,
            "related": forms.CheckboxSelectMultiple,
            "act_date": DateInput,
        }
        help_texts = {
            "tags": _("Words that help others find it, separated by commas."),
            "access_level": _(
                "Who can open and download it. Everyone sees the title of a restricted "
                "document, never its description or its text."
            ),
            "related": _("Other documents of the same organisation that go with this one."),
        }

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = ServiceArea.objects.all()
        self.fields["region"].queryset = Region.objects.all()
        self.fields["region"].empty_label = _("Choose the region")
        self.fields["kind"].choices = [("", _("Choose the type")), *Kind.choices]
        organisation = organisation or getattr(self.instance, "organisation", None)
        related = Document.objects.shown().order_by("title")
        if organisation is not None and organisation.pk:
            related = related.filter(organisation=organisation)
        else:
            related = related.none()
        if self.instance.pk:
            related = related.exclude(pk=self.instance.pk)
        self.fields["related"].queryset = related

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        validate_tags(tags)
        return tags


class NewDocumentForm(DocumentForm):
    """A new document: for which organisation, what it says, and its first file."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation sharing it"), queryset=None, empty_label=None
    )
    file = _file_field(_("File"))
    change_note = forms.CharField(
        label=_("Note on this version"),
        required=False,
        max_length=300,
        help_text=_("Optional: for example “approved text” or “draft for comments”."),
    )
    personal_data_removed = _consent_field()

    field_order = ["organisation", "file", "title", "kind"]

    def __init__(self, *args, organisations, **kwargs):
        self.organisations = organisations
        super().__init__(*args, organisation=organisations.first(), **kwargs)
        self.fields["organisation"].queryset = organisations
        # The related documents are the chosen organisation's: any of the person's.
        self.fields["related"].queryset = (
            Document.objects.shown().filter(organisation__in=organisations).order_by("title")
        )

    def document_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in Document.EDITABLE_FIELDS}


class VersionForm(forms.Form):
    file = _file_field(_("New file"))
    change_note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        help_text=_("For example “updated to d.lgs. 36/2023” or “corrected article 4”."),
    )
    personal_data_removed = _consent_field()


class FlagForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A reason must be chosen: no blank first choice.
        self.fields["reason"].choices = Flag.Reason.choices

    class Meta:
        model = Flag
        fields = ["reason", "note"]
        widgets = {"reason": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 4})}
        labels = {"reason": _("What is wrong with it?"), "note": _("Details (optional)")}
        help_texts = {
            "note": _(
                "Where the problem is: the page, the article, what changed. A report of "
                "personal data takes the document out of sight until the staff have looked."
            )
        }
