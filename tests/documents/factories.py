"""Documents made the way the portal makes them: through `documents.actions`, with real files whose
text is really extracted (by the background task, once the upload commits), and every field
filled."""

import datetime

from django.core.files.base import ContentFile
from django.test import TestCase

from documents import actions
from documents.models import Document, Kind
from members.access import AccessLevel
from members.models import Region, ServiceArea
from portal.lib.samples import docx_bytes, odt_bytes, pdf_bytes
from tests.factories import OrganisationFactory, RoleFactory

_numbers = iter(range(1, 1_000_000))


def sample_file(file_format="pdf", text="Convenzione tra i Comuni del sistema", name=None):
    """A real small file of `file_format` that holds `text`."""
    if file_format == "pdf":
        content = pdf_bytes(pages=text.split("\f"))
    elif file_format == "odt":
        content = odt_bytes(text)
    elif file_format == "docx":
        content = docx_bytes(text.splitlines())
    else:
        content = text.encode()
    return ContentFile(content, name=name or f"documento.{file_format}")


def referent_of(organisation):
    return organisation.referents().first() or RoleFactory(organisation=organisation).user


def make_document(
    organisation=None,
    *,
    title=None,
    level=AccessLevel.PUBLIC,
    text="Convenzione tra i Comuni del sistema",
    file_format="pdf",
    by=None,
    **fields,
) -> Document:
    """A document with all its fields filled, shared by a referent of `organisation`."""
    organisation = organisation or OrganisationFactory()
    number = next(_numbers)
    data = {
        "title": title or f"Regolamento del servizio numero {number}",
        "description": "Il regolamento **approvato** dalla Giunta, da adattare.",
        "kind": Kind.REGULATION,
        "themes": list(ServiceArea.objects.filter(slug="supporto-giuridico-amministrativo")),
        "adopted_by": "Giunta comunale di Monza",
        "act_number": f"{number}/2024",
        "act_date": datetime.date(2024, 3, 15),
        "legal_basis": "d.lgs. 267/2000",
        "region": Region.objects.get(istat_code="03"),
        "language": "it",
        "licence": "cc-by-4.0",
        "tags": ["regolamento", "prestito"],
        "access_level": level,
        "is_template": True,
        "related": [],
        **fields,
    }
    # The test's transaction never commits: run what the upload's commit starts (the reading).
    with TestCase.captureOnCommitCallbacks(execute=True):
        document = actions.create_document(
            organisation=organisation,
            by=by or referent_of(organisation),
            data=data,
            file=sample_file(file_format, text),
            change_note="Testo approvato",
            personal_data_removed=True,
        )
    document.current_version.refresh_from_db()
    return document
