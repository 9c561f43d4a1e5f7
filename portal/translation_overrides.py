"""Strings of Django's own that the portal's Italian catalogue translates better or at all.

The portal's catalogue comes first in the search path, so an entry here wins over Django's.
Listing the msgids in code keeps them in the catalogue when it is extracted again.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# Django's Italian translation capitalises month names ("Marzo"); Italian writes "6 marzo 2026".
MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]

# Django 6.1 reworded the minimum-length password message; its Italian catalogue lacks it.
PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
