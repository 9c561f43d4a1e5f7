"""Unique, readable slugs for the URLs of organisations, practices, suppliers and what comes next.

A slug is made from a name, numbered when it is taken (`biblioteca-civica-2`), and kept clear
of the words that stand beside `<slug>` in the portal's paths in either language: a practice
called "Nuova" must not hide the page `/buone-pratiche/nuova/`.
"""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

# Route words of every app, Italian and English: a slug never takes one of them.
ROUTE_WORDS = frozenset(
    {
        "new",
        "nuovo",
        "nuova",
        "edit",
        "modifica",
        "mine",
        "le-mie",
        "i-miei",
        "feed",
        "export",
        "esporta",
        "delete",
        "elimina",
        "report",
        "search",
        "cerca",
        "past",
        "passati",
        "my-registrations",
        "le-mie-iscrizioni",
        "verify-certificate",
        "verifica-attestato",
    }
)


def save_with_unique_slug(instance, text: str, *, fallback: str, field: str = "slug") -> None:
    """Saves `instance` (a new row) under the first free slug made from `text`.

    The look-up and the insert race with other requests: the insert runs in a savepoint, and
    when another row took the slug meanwhile the next number is tried. An IntegrityError that is
    not about the slug is raised again, for the caller to turn into its own refusal.
    """
    model = type(instance)
    max_length = model._meta.get_field(field).max_length
    base = slugify(text)[: max_length - 6].strip("-") or fallback
    taken = set(
        model._default_manager.filter(**{f"{field}__startswith": base}).values_list(
            field, flat=True
        )
    )
    number = 1
    while True:
        slug = base if number == 1 else f"{base}-{number}"
        number += 1
        if slug in taken or slug in ROUTE_WORDS:
            continue
        setattr(instance, field, slug)
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError:
            if model._default_manager.filter(**{field: slug}).exists():
                continue
            raise
        return
