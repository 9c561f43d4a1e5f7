"""Month names, listed so that the Italian catalogue can write them in lower case.

Django's Italian translation capitalises them ("Marzo"); Italian writes "6 marzo 2026". The
portal's catalogue comes first in the search path, so its lower-case forms win.
"""

from django.utils.translation import gettext_noop as _

MONTHS = [
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
]
