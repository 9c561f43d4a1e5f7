"""Changes to an organisation's profile and to the libraries a library system groups."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Organisation, OrganisationKind

logger = logging.getLogger(__name__)


def update_organisation(*, organisation: Organisation, data: dict, by) -> Organisation:
    """Saves the changed profile fields in `data` (field name → new value, as a form cleans it).

    The registry fields among them are remembered in `edited_fields`, so that a re-import of the
    national registry does not overwrite what the organisation wrote. Only the fields in `data`
    are written: a concurrent change to another field is kept.
    """
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        for name, value in data.items():
            # What a ModelForm does: a file field takes False to mean "clear", None "keep".
            Organisation._meta.get_field(name).save_form_data(locked, value)
        edited = [name for name in Organisation.REGISTRY_FIELDS if name in data]
        locked.edited_fields = sorted({*locked.edited_fields, *edited})
        locked.save(update_fields=[*data, "edited_fields", "updated_at"])
    logger.info("Organisation %s: %s changed by user %s", locked.pk, ", ".join(data), by.pk)
    return locked


def _refuse_unless_system(system: Organisation) -> None:
    if not system.is_system:
        raise ValidationError(
            _("%(name)s is not a library system: only a system groups libraries."),
            code="not_a_system",
            params={"name": system.name},
        )


def _refuse_unless_system_and_library(system: Organisation, library: Organisation) -> None:
    _refuse_unless_system(system)
    if library.kind != OrganisationKind.LIBRARY:
        raise ValidationError(
            _("%(name)s is not a library (it is: %(kind)s); only libraries join a system."),
            code="not_a_library",
            params={"name": library.name, "kind": library.get_kind_display()},
        )


def link_library(*, system: Organisation, library: Organisation, by) -> bool:
    """Records that `library` belongs to `system`. Returns False when it already did.

    Refuses, with a ValidationError that says why, a `system` that is not a library system or a
    `library` that is not a library.
    """
    _refuse_unless_system_and_library(system, library)
    with transaction.atomic():
        links = Organisation.systems.through.objects
        _link, created = links.get_or_create(from_organisation=library, to_organisation=system)
    if created:
        logger.info("Library %s linked to system %s by user %s", library.pk, system.pk, by.pk)
    return created


def unlink_library(*, system: Organisation, library: Organisation, by) -> bool:
    """Records that `library` no longer belongs to `system`. Returns False when it did not.

    Any organisation linked to the system can be unlinked, even one that is not a library (a
    link made by staff in the admin).
    """
    _refuse_unless_system(system)
    links = Organisation.systems.through.objects
    deleted, _counts = links.filter(from_organisation=library, to_organisation=system).delete()
    if deleted:
        logger.info("Library %s unlinked from system %s by user %s", library.pk, system.pk, by.pk)
    return bool(deleted)
