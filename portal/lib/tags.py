"""Checks for the tags people type, so that a tag the database cannot store is refused with a
message next to the field instead of failing when the form is saved."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_TAGS = 20
MAX_TAG_LENGTH = 100  # django-taggit's Tag.name


def validate_tags(names) -> None:
    """Refuses more than MAX_TAGS tags, or a tag longer than MAX_TAG_LENGTH characters."""
    if len(names) > MAX_TAGS:
        raise ValidationError(
            ngettext("Give at most %(count)d tag.", "Give at most %(count)d tags.", MAX_TAGS),
            code="too_many_tags",
            params={"count": MAX_TAGS},
        )
    for name in names:
        if len(name) > MAX_TAG_LENGTH:
            raise ValidationError(
                _("“%(tag)s…” is too long: a tag has at most %(count)d characters."),
                code="tag_too_long",
                params={"tag": name[:30], "count": MAX_TAG_LENGTH},
            )
