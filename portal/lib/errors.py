"""The base error of refused actions, and the two ways a refusal reaches a person.

Every app's `actions.py` refuses an illegal move by raising its own subclass of `ActionError`
before it changes anything: a message for the person who tried, a `code` that tests and callers
can tell apart, and the form `field` it concerns, when there is one. A view shows it next to
that field with `refuse_on_form()`. A page the person may see but not use answers with `Refused`,
which the 403 page turns into an explanation: why, and what would open it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


class ActionError(ValidationError):
    """A refused change, with a message for the person who tried.

    `field` names the form field the refusal is about, when there is one, so that a view can put
    the message next to it (`refuse_on_form`). The message may be safe HTML with a link.
    """

    def __init__(self, message, *, code=None, params=None, field=None):
        super().__init__(message, code=code, params=params)
        self.field = field

    def __str__(self):
        # The message itself, not a list's repr: views and the admin show it as it is.
        return self.messages[0]


def refuse_on_form(form, error: ActionError) -> None:
    """Shows the refusal next to its field, or at the top of the form when the form has no such
    field; what the person typed stays in the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error)


def refuse_other_fields(data: dict, fields, error=ActionError) -> None:
    """Refuses, with the app's `error` and the code `field_not_editable`, values in `data` for
    any field not in `fields`: an action changes only the fields on its model's list."""
    others = sorted(name for name in data if name not in fields)
    if others:
        raise error(
            _("These fields cannot be changed here: %(fields)s."),
            code="field_not_editable",
            params={"fields": ", ".join(others)},
        )


class Refused(PermissionDenied):
    """A page refused to someone who may see the thing but not do this with it.

    The 403 page shows `reason` (why not) and, when given, `remedy` (who may, and how to become
    one) with a link `remedy_url` labelled `remedy_label`.
    """

    def __init__(self, reason, *, remedy="", remedy_url="", remedy_label=""):
        super().__init__(str(reason))
        self.reason = reason
        self.remedy = remedy
        self.remedy_url = remedy_url
        self.remedy_label = remedy_label
