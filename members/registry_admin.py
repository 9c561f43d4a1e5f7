"""The admin page where staff upload a registry CSV and see what its import did.

`registry_import_urls(model_admin)` gives the page's URL for `OrganisationAdmin.get_urls()`;
the import itself is `members.registry.import_registry`, as for the management command.
"""

import csv
import io

from django import forms
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from members.registry import import_registry, missing_columns
from portal.lib.uploads import FileTypeValidator

# The whole registry is about 2.6 MB; the cap leaves room for it to grow.
REGISTRY_MAX_BYTES = 20 * 1024 * 1024


class RegistryUploadForm(forms.Form):
    """A registry CSV: UTF-8 text, capped in size, with the registry's header."""

    file = forms.FileField(
        label=_("Registry file"),
        help_text=_(
            "The territorial CSV of the Anagrafe delle biblioteche italiane as ICCU publishes "
            "it: UTF-8 text, fields separated by semicolons."
        ),
        validators=[FileTypeValidator(["csv"], max_bytes=REGISTRY_MAX_BYTES)],
    )
    complete = forms.BooleanField(
        label=_("This file is the whole registry"),
        help_text=_(
            "Libraries imported before that this file leaves out are then flagged as missing "
            "from the registry; none is deleted. Untick it for a part of the registry."
        ),
        required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # FileTypeValidator has already checked that the content is UTF-8 text.
        upload.seek(0)
        self.text = upload.read().decode("utf-8-sig")
        header = next(csv.reader(io.StringIO(self.text, newline=""), delimiter=";"), [])
        if missing := missing_columns(header):
            raise ValidationError(
                _(
                    "This is not the registry's CSV: its first line lacks the columns "
                    "%(columns)s. Upload the file as ICCU publishes it."
                ),
                code="not_registry",
                params={"columns": ", ".join(missing)},
            )
        return upload


def import_registry_view(model_admin, request):
    """Upload form; on a valid upload, runs the import and shows its summary on the page."""
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    summary = complete = None
    sections = []
    if request.method == "POST":
        form = RegistryUploadForm(request.POST, request.FILES)
        if form.is_valid():
            complete = form.cleaned_data["complete"]
            summary = import_registry(io.StringIO(form.text, newline=""), complete=complete)
            sections = [
                (_("Rows refused, by reason"), summary.refusal_groups()),
                (_("Rows imported with a warning, by reason"), summary.warning_groups()),
            ]
            form = RegistryUploadForm()
    else:
        form = RegistryUploadForm()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Import libraries from the national registry"),
        "opts": model_admin.model._meta,
        "form": form,
        "adminform": helpers.AdminForm(form, [(None, {"fields": ["file", "complete"]})], {}),
        "summary": summary,
        "complete": complete,
        "sections": sections,
    }
    return TemplateResponse(request, "admin/members/organisation/import_registry.html", context)


def registry_import_urls(model_admin) -> list:
    """The upload page's URL, `admin:<app>_<model>_import_registry`, for `get_urls()`."""
    opts = model_admin.model._meta

    def view(request):
        return import_registry_view(model_admin, request)

    return [
        path(
            "import-registry/",
            model_admin.admin_site.admin_view(view),
            name=f"{opts.app_label}_{opts.model_name}_import_registry",
        )
    ]
