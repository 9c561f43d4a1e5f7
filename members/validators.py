"""The checks of the codes a public body quotes when it buys a package: the model, the forms and
the actions use these, so that a code is accepted or refused alike everywhere.

A CIG (Codice Identificativo Gara) is the code ANAC gives each public purchase, quoted on its
invoices and payments so that the money can be traced; it is ten letters and digits. The IPA
code of an office (codice univoco ufficio) is the six-character code, in the index of public
administrations (IPA), of the office that receives the body's electronic invoices.
"""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


def canonical_code(value) -> str:
    """A code as it is stored: without the spaces around it, in capitals."""
    return (value or "").strip().upper()


validate_cig = RegexValidator(
    r"^[A-Za-z0-9]{10}\Z",
    _("A CIG is exactly 10 letters and digits, as ANAC assigned it: for example Z1A2B3C4D5."),
    code="invalid_cig",
)

validate_ipa_office_code = RegexValidator(
    r"^[A-Za-z0-9]{6}\Z",
    _(
        "The office's IPA code (codice univoco ufficio) is exactly 6 letters and digits: for "
        "example UFX7QZ."
    ),
    code="invalid_ipa_code",
)
