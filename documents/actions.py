"""Every change to documents, their versions and the reports about them.

Each function refuses an illegal move with a `DocumentError` before it changes anything, runs in
one transaction, and tells the people concerned by e-mail once that transaction commits. Views,
admin actions, commands and the demo data call these, never the models' save().
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.extract import Extraction, extract_text
from documents.models import FORMATS, MAX_BYTES, Document, DocumentVersion, Flag
from documents.tasks import read_version_text
from portal.lib.downloads import safe_filename
from portal.lib.errors import ActionError, refuse_other_fields
from portal.lib.notify import notify, staff_to_notify
from portal.lib.slugs import save_with_unique_slug
from portal.lib.tasks import enqueue_on_commit
from portal.lib.uploads import FileTypeValidator

logger = logging.getLogger(__name__)

MANY_TO_MANY = ("themes", "related")
_CHUNK_BYTES = 1024 * 1024


class DocumentError(ActionError):
    """A refused change to a document, its versions or its reports."""


def _refuse_unless_referent(organisation, user):
    if not organisation.can_edit(user):
        raise DocumentError(
            _("Only the referents of %(organisation)s can do this."),
            code="not_a_referent",
            params={"organisation": organisation.name},
        )


def _refuse_unless_staff(user):
    if not (user.is_authenticated and user.is_staff):
        raise DocumentError(_("Only the network staff can do this."), code="not_staff")


def _refuse_without_consent(personal_data_removed: bool):
    if not personal_data_removed:
        raise DocumentError(
            _(
                "Confirm that the file holds no personal data (names of private people, "
                "tax codes, addresses, signatures) before sharing it."
            ),
            code="personal_data",
            field="personal_data_removed",
        )


def _lock(document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def _apply(document: Document, data: dict) -> None:
    """Writes the cleaned form `data` on `document` (saved), its relations and tags included."""
    for name, value in data.items():
        if name in (*MANY_TO_MANY, "tags"):
            continue
        Document._meta.get_field(name).save_form_data(document, value)
    if "tags" in data:
        document.tag_text = ", ".join(sorted(data["tags"], key=str.lower))
    document.full_clean(
        exclude=["slug", "search_vector", "title_vector", "current_version", "superseded_by"]
    )
    if document.pk is None:
        save_with_unique_slug(document, document.title, fallback="documento")
    else:
        document.save()
    if "themes" in data:
        document.themes.set(data["themes"])
    if "related" in data:
        document.related.set([other for other in data["related"] if other.pk != document.pk])
    if "tags" in data:
        document.tags.set(data["tags"], clear=True)


def _checked_file(file) -> None:
    try:
        FileTypeValidator(FORMATS, max_bytes=MAX_BYTES)(file)
    except ValidationError as error:
        raise DocumentError(error.messages[0], code=error.code, field="file") from None


def _read(file) -> bytes:
    file.seek(0)
    data = b"".join(iter(lambda: file.read(_CHUNK_BYTES), b""))
    file.seek(0)
    return data


def _extract(data: bytes, file_format: str) -> Extraction:
    return extract_text(
        data,
        file_format,
        timeout=settings.DOCUMENT_EXTRACTION_TIMEOUT,
        command=settings.DOCUMENT_EXTRACTION_COMMAND,
    )


def _new_version(document, *, by, file, change_note: str) -> DocumentVersion:
    """Saves the file as the document's next version, with its checksum; its text is read by a
    background task once the transaction commits (`read_version_text`). Meanwhile the version
    says "pending" and the document is found by its title, description and tags.
    """
    data = _read(file)
    file_format = file.name.rpartition(".")[2].lower()
    number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=safe_filename(file.name),
        format=file_format,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        change_note=(change_note or "").strip()[:300],
        uploaded_by=by,
        personal_data_removed=True,
        text_status=DocumentVersion.TextStatus.PENDING,
    )
    version.file.save(file.name, file, save=False)
    version.save()
    enqueue_on_commit(read_version_text, version_id=version.pk)
    return version


def _refresh_current(document: Document) -> None:
    """Points the document at its newest version not hidden, and recomputes its search text."""
    current = document.versions.filter(is_hidden=False).order_by("-number").first()
    Document.objects.filter(pk=document.pk).update(current_version=current)
    Document.objects.filter(pk=document.pk).refresh_search_vectors()
    document.current_version = current


# Sharing -------------------------------------------------------------------------------------


def create_document(
    *, organisation, by, data: dict, file, change_note: str = "", personal_data_removed: bool
) -> Document:
    """A new document of `organisation`, shared by one of its referents (or staff), with its
    first file; any field of `data` not in `Document.EDITABLE_FIELDS` is refused."""
    refuse_other_fields(data, Document.EDITABLE_FIELDS, DocumentError)
    _refuse_unless_referent(organisation, by)
    _refuse_without_consent(personal_data_removed)
    _checked_file(file)
    with transaction.atomic():
        document = Document(organisation=organisation, created_by=by)
        _apply(document, data)
        _new_version(document, by=by, file=file, change_note=change_note)
        _refresh_current(document)
    logger.info("Document %s shared by user %s", document.pk, by.pk)
    return document


def update_document(*, document, by, data: dict) -> Document:
    """Saves the referents' changes to the document's description; files change as versions."""
    refuse_other_fields(data, Document.EDITABLE_FIELDS, DocumentError)
    _refuse_unless_referent(document.organisation, by)
    with transaction.atomic():
        document = _lock(document)
        _apply(document, data)
        Document.objects.filter(pk=document.pk).refresh_search_vectors()
    return document


def add_version(
    *, document, by, file, change_note: str = "", personal_data_removed: bool
) -> DocumentVersion:
    """A new file for the document, which becomes its default download; older ones stay."""
    _refuse_unless_referent(document.organisation, by)
    _refuse_without_consent(personal_data_removed)
    _checked_file(file)
    if not (change_note or "").strip():
        raise DocumentError(
            _("Say in a few words what changed in this version."),
            code="no_change_note",
            field="change_note",
        )
    with transaction.atomic():
        document = _lock(document)
        version = _new_version(document, by=by, file=file, change_note=change_note)
        _refresh_current(document)
    return version


def extract_again(*, version: DocumentVersion) -> DocumentVersion:
    """Reads the version's text (a new upload's, or again after a failure or a timeout) and
    refreshes the search. Safe to run twice and in parallel: the row is locked while its result
    is written."""
    with version.file.open("rb") as file:
        data = _read(file)
    extraction = _extract(data, version.format)
    with transaction.atomic():
        version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
        version.text = extraction.text
        version.text_status = extraction.status
        version.text_error = extraction.error[:300]
        version.save(update_fields=["text", "text_status", "text_error"])
        Document.objects.filter(pk=version.document_id).refresh_search_vectors()
    return version


def record_download(*, version: DocumentVersion) -> None:
    """Counts a download of the version and of its document, without reading either row."""
    DocumentVersion.objects.filter(pk=version.pk).update(download_count=F("download_count") + 1)
    Document.objects.filter(pk=version.document_id).update(download_count=F("download_count") + 1)


# Moderation ----------------------------------------------------------------------------------


def _tell_referents(document, template: str, context: dict) -> None:
    notify(
        to=document.organisation.referents(),
        template=template,
        context={"document": document, **context},
    )


def hide_document(*, document, by, reason: str) -> Document:
    """Staff take a document out of sight with a reason, which its referents are told; the
    open reports about it are upheld."""
    _refuse_unless_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise DocumentError(_("Give the reason."), code="no_reason", field="reason")
    with transaction.atomic():
        document = _lock(document)
        document.is_hidden = True
        document.is_held = False
        document.hidden_reason = reason
        document.save(update_fields=["is_hidden", "is_held", "hidden_reason", "updated_at"])
        document.flags.filter(status=Flag.Status.OPEN).update(
            status=Flag.Status.UPHELD, decided_at=timezone.now(), decided_by=by
        )
        _tell_referents(document, "documents/emails/document_hidden", {"reason": reason})
    return document


def show_document(*, document, by) -> Document:
    """Staff show a hidden or held document again; the open reports about it are dismissed."""
    _refuse_unless_staff(by)
    with transaction.atomic():
        document = _lock(document)
        document.is_hidden = False
        document.is_held = False
        document.hidden_reason = ""
        document.save(update_fields=["is_hidden", "is_held", "hidden_reason", "updated_at"])
        document.flags.filter(status=Flag.Status.OPEN).update(
            status=Flag.Status.DISMISSED, decided_at=timezone.now(), decided_by=by
        )
    return document


def hide_version(*, version, by, reason: str) -> DocumentVersion:
    """Staff hide one file of a document; the newest shown version becomes the download."""
    _refuse_unless_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise DocumentError(_("Give the reason."), code="no_reason", field="reason")
    with transaction.atomic():
        document = _lock(version.document)
        DocumentVersion.objects.filter(pk=version.pk).update(is_hidden=True, hidden_reason=reason)
        _refresh_current(document)
        version.refresh_from_db()
        _tell_referents(
            document, "documents/emails/version_hidden", {"version": version, "reason": reason}
        )
    return version


def show_version(*, version, by) -> DocumentVersion:
    _refuse_unless_staff(by)
    with transaction.atomic():
        document = _lock(version.document)
        DocumentVersion.objects.filter(pk=version.pk).update(is_hidden=False, hidden_reason="")
        _refresh_current(document)
        version.refresh_from_db()
    return version


def mark_superseded(*, document, by, replacement, note: str = "") -> Document:
    """Staff say that `replacement` takes the place of `document` (a template written under a
    repealed law): its page then points to the replacement, and search ranks it lower."""
    _refuse_unless_staff(by)
    if replacement.pk == document.pk:
        raise DocumentError(
            _("A document cannot replace itself."), code="self", field="replacement"
        )
    if replacement.superseded_by_id is not None:
        raise DocumentError(
            _("“%(title)s” is itself superseded: choose the document that replaced it."),
            code="replacement_superseded",
            field="replacement",
            params={"title": replacement.title},
        )
    with transaction.atomic():
        document = _lock(document)
        document.superseded_by = replacement
        document.superseded_note = (note or "").strip()[:300]
        document.save(update_fields=["superseded_by", "superseded_note", "updated_at"])
    return document


def clear_superseded(*, document, by) -> Document:
    _refuse_unless_staff(by)
    with transaction.atomic():
        document = _lock(document)
        document.superseded_by = None
        document.superseded_note = ""
        document.save(update_fields=["superseded_by", "superseded_note", "updated_at"])
    return document


def flag_document(*, document, by, reason: str, note: str = "") -> Flag:
    """A registered person reports a document to the staff, who are told. A report that the
    file holds personal data holds the document out of sight until staff decide."""
    if not by.is_authenticated:
        raise DocumentError(_("Log in to report a document."), code="anonymous")
    if reason not in Flag.Reason.values:
        raise DocumentError(_("Choose a reason."), code="no_reason", field="reason")
    with transaction.atomic():
        document = _lock(document)
        try:
            with transaction.atomic():
                flag = Flag.objects.create(
                    document=document, user=by, reason=reason, note=(note or "").strip()[:2000]
                )
        except IntegrityError:
            raise DocumentError(
                _("You have already reported this document: the staff will look at it."),
                code="already_flagged",
            ) from None
        if reason == Flag.Reason.PERSONAL_DATA and not document.is_held:
            document.is_held = True
            document.save(update_fields=["is_held", "updated_at"])
        notify(
            to=staff_to_notify(),
            template="documents/emails/document_flagged",
            context={"document": document, "flag": flag, "person": by},
        )
    return flag


def dismiss_flag(*, flag, by) -> Flag:
    """Staff find nothing wrong: the report is closed, and the document shown again unless
    another report of personal data is still open."""
    _refuse_unless_staff(by)
    with transaction.atomic():
        document = _lock(flag.document)
        Flag.objects.filter(pk=flag.pk, status=Flag.Status.OPEN).update(
            status=Flag.Status.DISMISSED, decided_at=timezone.now(), decided_by=by
        )
        still_held = document.flags.filter(
            status=Flag.Status.OPEN, reason=Flag.Reason.PERSONAL_DATA
        ).exists()
        if document.is_held and not still_held:
            document.is_held = False
            document.save(update_fields=["is_held", "updated_at"])
        flag.refresh_from_db()
    return flag


def uphold_flag(*, flag, by, reason: str) -> Flag:
    """Staff agree with a report: its document is hidden with `reason`, which its referents are
    told, and every open report about it is upheld."""
    hide_document(document=flag.document, by=by, reason=reason)
    flag.refresh_from_db()
    return flag
