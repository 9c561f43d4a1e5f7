"""Every change to services' data goes through a function here: views, admin and commands call
them.

`requests` (the workflow of a service request, its thread and the credits it takes) and
`experts` (the roster and the competence exchange).
"""

from django.utils.translation import gettext as _

from portal.lib.errors import ActionError


class ServiceError(ActionError):
    """A refused change to a service request, an expert or a competence offer."""


def refuse_unless_staff(user) -> None:
    if not (user.is_authenticated and user.is_staff):
        raise ServiceError(_("Only the network staff can do this."), code="not_staff")
