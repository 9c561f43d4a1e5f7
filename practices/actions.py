"""Every change to practices, their attachments, adoptions and comments.

Each function refuses an illegal move with a `PracticeError` before it changes anything, runs in
one transaction, and tells the people concerned by e-mail once that transaction commits. Views,
admin actions and the demo data call these, never the models' save().
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.lib.errors import ActionError, refuse_other_fields
from portal.lib.notify import notify, staff_to_notify
from portal.lib.slugs import save_with_unique_slug
from practices.models import (
    DERIVABLE_LICENCES,
    Adoption,
    Comment,
    Licence,
    Practice,
    PracticeAttachment,
)

logger = logging.getLogger(__name__)

MANY_TO_MANY = ("themes", "partners")


class PracticeError(ActionError):
    """A refused change to a practice, its attachments, adoptions or comments."""


def _refuse_unless_referent(organisation, user):
    if not organisation.can_edit(user):
        raise PracticeError(
            _("Only the referents of %(organisation)s can do this."),
            code="not_a_referent",
            params={"organisation": organisation.name},
        )


def _refuse_unless_staff(user):
    if not user.is_staff:
        raise PracticeError(_("Only the network staff can do this."), code="not_staff")


def _lock(practice) -> Practice:
    return Practice.objects.select_for_update().get(pk=practice.pk)


def _apply(practice: Practice, data: dict) -> None:
    """Writes the cleaned form `data` on `practice` (saved), its relations and tags included."""
    for name, value in data.items():
        if name in (*MANY_TO_MANY, "tags"):
            continue
        Practice._meta.get_field(name).save_form_data(practice, value)
    if "tags" in data:
        practice.tag_text = ", ".join(sorted(data["tags"], key=str.lower))
    practice.full_clean(exclude=["slug", "search_vector", "cover"])
    if practice.pk is None:
        save_with_unique_slug(practice, practice.title, fallback="pratica")
    else:
        practice.save()
    for name in MANY_TO_MANY:
        if name in data:
            getattr(practice, name).set(data[name])
    if "tags" in data:
        practice.tags.set(data["tags"], clear=True)
    Practice.objects.filter(pk=practice.pk).refresh_search_vector()


# Drafting and review -----------------------------------------------------------------------


def create_practice(*, organisation, by, data: dict, derived_from=None) -> Practice:
    """A new draft of `organisation`, written by one of its referents, with the fields of `data`
    (any field not in `Practice.EDITABLE_FIELDS` is refused)."""
    refuse_other_fields(data, Practice.EDITABLE_FIELDS, PracticeError)
    _refuse_unless_referent(organisation, by)
    with transaction.atomic():
        practice = Practice(
            organisation=organisation,
            created_by=by,
            derived_from=derived_from,
        )
        _apply(practice, data)
    logger.info("Practice %s drafted by user %s", practice.pk, by.pk)
    return practice


def update_practice(*, practice, by, data: dict) -> Practice:
    """Saves the referents' changes to a draft, a returned practice or a revision; any field not
    in `Practice.EDITABLE_FIELDS` is refused."""
    refuse_other_fields(data, Practice.EDITABLE_FIELDS, PracticeError)
    _refuse_unless_referent(practice.organisation, by)
    with transaction.atomic():
        practice = _lock(practice)
        if not practice.is_editable:
            raise PracticeError(
                _("This practice is %(status)s: it cannot be changed now."),
                code="not_editable",
                params={"status": practice.get_status_display().lower()},
            )
        origin = practice.derived_from
        licence = data.get("licence", practice.licence)
        if (
            origin is not None
            and origin.licence == Licence.CC_BY_SA
            and licence != Licence.CC_BY_SA
        ):
            raise PracticeError(
                _("A practice derived from a CC BY-SA practice must keep the CC BY-SA licence."),
                code="share_alike",
                field="licence",
            )
        _apply(practice, data)
    return practice


def submit_practice(*, practice, by, consent: bool) -> Practice:
    """Sends a draft (or a returned practice, or a revision) to the network staff for review.

    The referent confirms that the people recognisable in its images, minors above all,
    consented to their publication.
    """
    _refuse_unless_referent(practice.organisation, by)
    if not consent:
        raise PracticeError(
            _(
                "Confirm that the people recognisable in the images (and the parents of minors) "
                "consented to their publication."
            ),
            code="no_consent",
            field="consent",
        )
    with transaction.atomic():
        practice = _lock(practice)
        if not practice.is_editable:
            raise PracticeError(
                _("This practice is %(status)s: it cannot be submitted."),
                code="not_submittable",
                params={"status": practice.get_status_display().lower()},
            )
        now = timezone.now()
        practice.status = Practice.Status.SUBMITTED
        practice.submitted_by = by
        practice.submitted_at = now
        practice.consent_confirmed_at = now
        practice.return_reason = ""
        practice.save()
        notify(
            to=staff_to_notify(),
            template="practices/emails/practice_submitted",
            context={"practice": practice, "person": by},
        )
    logger.info("Practice %s submitted by user %s", practice.pk, by.pk)
    return practice


def _refuse_unless_submitted(practice):
    if practice.status != Practice.Status.SUBMITTED:
        raise PracticeError(
            _("«%(title)s» is not awaiting review."),
            code="not_submitted",
            params={"title": practice.title},
        )


def publish_practice(*, practice, by) -> Practice:
    """Publishes a submitted practice; the submitter is told.

    A revision is copied onto the practice it revises (same address, same adoptions, same
    comments) and then deleted, so visitors see the new text only from now on. Returns the
    published practice.
    """
    _refuse_unless_staff(by)
    with transaction.atomic():
        practice = _lock(practice)
        _refuse_unless_submitted(practice)
        submitter = practice.submitted_by
        if practice.revision_of_id:
            published = _approve_revision(practice)
        else:
            practice.status = Practice.Status.PUBLISHED
            practice.published_at = timezone.now()
            practice.return_reason = ""
            practice.save()
            published = practice
        if submitter is not None:
            notify(
                to=submitter,
                template="practices/emails/practice_published",
                context={"practice": published},
            )
    logger.info("Practice %s published by user %s", published.pk, by.pk)
    return published


def _approve_revision(revision: Practice) -> Practice:
    published = _lock(revision.revision_of)
    for name in Practice.CONTENT_FIELDS:
        setattr(published, name, getattr(revision, name))
    published.consent_confirmed_at = revision.consent_confirmed_at
    published.submitted_by = revision.submitted_by
    published.submitted_at = revision.submitted_at
    published.save()
    published.themes.set(revision.themes.all())
    published.partners.set(revision.partners.all())
    published.tags.set(list(revision.tags.names()), clear=True)
    Practice.objects.filter(pk=published.pk).refresh_search_vector()
    # The stored files are shared by both rows until now: only the rows change hands.
    published.attachments.all().delete()
    revision.attachments.update(practice=published)
    revision.delete()
    return published


def return_practice(*, practice, by, reason: str) -> Practice:
    """Returns a submitted practice to its organisation with a reason; the submitter is told."""
    _refuse_unless_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise PracticeError(
            _("Say why the practice is returned."), code="no_reason", field="reason"
        )
    with transaction.atomic():
        practice = _lock(practice)
        _refuse_unless_submitted(practice)
        practice.status = Practice.Status.RETURNED
        practice.return_reason = reason
        practice.save()
        if practice.submitted_by is not None:
            notify(
                to=practice.submitted_by,
                template="practices/emails/practice_returned",
                context={"practice": practice, "reason": reason},
            )
    logger.info("Practice %s returned by user %s", practice.pk, by.pk)
    return practice


def set_featured(*, practice, by, featured: bool) -> Practice:
    """Marks a published practice as featured (eccellenza), or no longer."""
    _refuse_unless_staff(by)
    with transaction.atomic():
        practice = _lock(practice)
        if featured and not practice.is_published:
            raise PracticeError(
                _("Only a published practice can be featured."), code="not_published"
            )
        practice.is_featured = featured
        practice.save(update_fields=["is_featured", "updated_at"])
    return practice


def start_revision(*, practice, by) -> Practice:
    """The draft revision of a published practice: the open one, or a new copy of it.

    The published text stays visible until staff approve the revision.
    """
    _refuse_unless_referent(practice.organisation, by)
    with transaction.atomic():
        practice = _lock(practice)
        if not practice.is_published:
            raise PracticeError(
                _("Only a published practice is revised; edit this one directly."),
                code="not_published",
            )
        if existing := practice.revisions.first():
            return existing
        revision = Practice(
            organisation=practice.organisation,
            revision_of=practice,
            derived_from=practice.derived_from,
            created_by=by,
            status=Practice.Status.DRAFT,
        )
        for name in Practice.CONTENT_FIELDS:
            setattr(revision, name, getattr(practice, name))
        save_with_unique_slug(revision, f"{practice.title} {_('revision')}", fallback="pratica")
        revision.themes.set(practice.themes.all())
        revision.partners.set(practice.partners.all())
        revision.tags.set(list(practice.tags.names()))
        Practice.objects.filter(pk=revision.pk).refresh_search_vector()
        _copy_attachments(practice, revision)
    logger.info("Revision %s of practice %s started by user %s", revision.pk, practice.pk, by.pk)
    return revision


def _copy_attachments(source: Practice, target: Practice, *, from_origin=None) -> None:
    """Gives `target` rows for the attachments of `source` that point to the same stored files.

    A copy made for a derived practice is marked as coming from its origin (`from_origin`); a
    revision's copy keeps the mark of each row it copies.
    """
    PracticeAttachment.objects.bulk_create(
        PracticeAttachment(
            practice=target,
            file=attachment.file.name,
            original_name=attachment.original_name,
            caption=attachment.caption,
            size=attachment.size,
            is_from_origin=attachment.is_from_origin if from_origin is None else from_origin,
        )
        for attachment in source.attachments.all()
    )


def delete_draft(*, practice, by) -> None:
    """Deletes a draft, a returned practice or a revision that was never published."""
    _refuse_unless_referent(practice.organisation, by)
    with transaction.atomic():
        practice = _lock(practice)
        if not practice.is_editable:
            raise PracticeError(
                _("Only a draft or a returned practice can be deleted."), code="not_deletable"
            )
        practice.delete()


# Attachments -------------------------------------------------------------------------------


def add_attachment(*, practice, by, file, caption: str) -> PracticeAttachment:
    """Attaches an uploaded file (checked by the form's validator) to an editable practice."""
    _refuse_unless_referent(practice.organisation, by)
    with transaction.atomic():
        practice = _lock(practice)
        if not practice.is_editable:
            raise PracticeError(
                _("This practice is %(status)s: its attachments cannot be changed now."),
                code="not_editable",
                params={"status": practice.get_status_display().lower()},
            )
        attachment = PracticeAttachment(
            practice=practice,
            file=file,
            original_name=(getattr(file, "name", "") or "")[-200:],
            caption=caption.strip(),
            size=file.size,
        )
        attachment.full_clean()
        attachment.save()
    return attachment


def remove_attachment(*, attachment, by) -> None:
    practice = attachment.practice
    _refuse_unless_referent(practice.organisation, by)
    with transaction.atomic():
        practice = _lock(practice)
        if not practice.is_editable:
            raise PracticeError(
                _("This practice is %(status)s: its attachments cannot be changed now."),
                code="not_editable",
                params={"status": practice.get_status_display().lower()},
            )
        # Only the row goes: its stored file may be shared with the practice it was copied from
        # or to (a revision, a derived practice), so no file is ever deleted here.
        attachment.delete()


# Reuse -------------------------------------------------------------------------------------


def adopt_practice(*, practice, organisation, by, note: str = "") -> Adoption:
    """Records that `organisation` adopted a published practice of another organisation."""
    _refuse_unless_referent(organisation, by)
    with transaction.atomic():
        practice = _lock(practice)
        if not practice.is_published:
            raise PracticeError(
                _("Only a published practice can be adopted."), code="not_published"
            )
        if practice.organisation_id == organisation.pk:
            raise PracticeError(
                _("%(organisation)s wrote this practice: it cannot adopt its own."),
                code="own_practice",
                params={"organisation": organisation.name},
                field="organisation",
            )
        if practice.adoptions.filter(organisation=organisation).exists():
            raise PracticeError(
                _("%(organisation)s has already recorded that it adopted this practice."),
                code="already_adopted",
                params={"organisation": organisation.name},
                field="organisation",
            )
        adoption = Adoption.objects.create(
            practice=practice, organisation=organisation, note=note.strip(), created_by=by
        )
    logger.info("Practice %s adopted by organisation %s", practice.pk, organisation.pk)
    return adoption


def derive_practice(*, origin, organisation, by) -> Practice:
    """A new draft of `organisation` pre-filled from a published practice, linked to its origin.

    Only CC BY, CC BY-SA and CC0 practices may be derived; a derivative of a CC BY-SA practice
    keeps CC BY-SA. The draft starts with the origin's attachments, under the same licence: rows
    of its own that point to the origin's stored files, which the attribution lists. The
    attribution line is generated from the link to the origin.
    """
    if not (origin.is_published and origin.licence in DERIVABLE_LICENCES):
        raise PracticeError(
            _("«%(title)s» is published under «%(licence)s»: it cannot be derived."),
            code="not_derivable",
            params={"title": origin.title, "licence": origin.get_licence_display()},
        )
    data = {name: getattr(origin, name) for name in Practice.CONTENT_FIELDS}
    data.pop("tag_text")
    data["cover"] = None
    suffix = _("%(title)s (derived)") % {"title": ""}
    title_max = Practice._meta.get_field("title").max_length
    data["title"] = _("%(title)s (derived)") % {
        "title": origin.title[: title_max - len(suffix)].rstrip()
    }
    data["contact_name"] = ""
    data["contact_email"] = ""
    data["region"] = organisation.region or origin.region
    data["themes"] = list(origin.themes.all())
    data["tags"] = list(origin.tags.names())
    data["partners"] = []
    data["licence"] = Licence.CC_BY_SA if origin.licence == Licence.CC_BY_SA else origin.licence
    with transaction.atomic():
        practice = create_practice(organisation=organisation, by=by, data=data, derived_from=origin)
        _copy_attachments(origin, practice, from_origin=True)
    logger.info("Practice %s derived from %s", practice.pk, origin.pk)
    return practice


# Comments ----------------------------------------------------------------------------------


def add_comment(*, practice, author, body: str) -> Comment:
    """A registered person's comment on a published practice; its referents are told."""
    body = (body or "").strip()
    if not author.is_authenticated:
        raise PracticeError(_("Log in to comment."), code="anonymous")
    if not practice.is_published:
        raise PracticeError(_("Only a published practice can be discussed."), code="not_published")
    if not body:
        raise PracticeError(_("Write something first."), code="empty", field="body")
    with transaction.atomic():
        comment = Comment.objects.create(practice=practice, author=author, body=body)
        referents = practice.organisation.referents().exclude(pk=author.pk)
        notify(
            to=referents,
            template="practices/emails/comment_added",
            context={"practice": practice, "comment": comment, "author": author},
        )
    return comment


def edit_comment(*, comment, by, body: str) -> Comment:
    """Its author changes a comment, unless the staff have hidden it."""
    body = (body or "").strip()
    if not body:
        raise PracticeError(_("Write something first."), code="empty", field="body")
    with transaction.atomic():
        # Decided on the row as it is now: staff may have hidden it since the page was shown.
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.is_hidden:
            raise PracticeError(
                _("The network's staff have hidden this comment: it can no longer be edited."),
                code="hidden",
            )
        if not comment.can_edit(by):
            raise PracticeError(_("Only its author can edit a comment."), code="not_author")
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
    return comment


def hide_comment(*, comment, by, hidden: bool = True) -> Comment:
    _refuse_unless_staff(by)
    with transaction.atomic():
        comment.is_hidden = hidden
        comment.save(update_fields=["is_hidden"])
    logger.info("Comment %s hidden=%s by user %s", comment.pk, hidden, by.pk)
    return comment
