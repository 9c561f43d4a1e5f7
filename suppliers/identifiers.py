"""The identifiers a supplier or a review carries, checked and put in canonical form.

Each function takes what a person typed and returns the canonical value, "" for an empty one, or
raises ValidationError with a message for the form field. Numbers are checked with python-stdnum:
the partita IVA (`it.iva`), the codice fiscale (`it.codicefiscale`), a VAT number of another EU
country (`eu.vat`). A CIG, the code of a public contract, is ten letters and digits.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.it import codicefiscale, iva

CIG = re.compile(r"[0-9A-Z]{10}")


def _typed(value) -> str:
    return "".join((value or "").split())


def canonical_vat_number(value) -> str:
    """An Italian partita IVA: 11 digits with a valid check digit; "IT" in front is dropped."""
    value = _typed(value).upper().removeprefix("IT")
    if not value:
        return ""
    try:
        return iva.validate(value)
    except StdnumValidationError:
        raise ValidationError(
            _("This is not a valid partita IVA: it is 11 digits, the last one a check digit."),
            code="invalid_vat_number",
        ) from None


def canonical_fiscal_code(value) -> str:
    """A codice fiscale: 11 digits for an organisation, 16 letters and digits for a person."""
    value = _typed(value).upper()
    if not value:
        return ""
    try:
        return codicefiscale.validate(value)
    except StdnumValidationError:
        raise ValidationError(
            _(
                "This is not a valid codice fiscale: an organisation's is 11 digits, a "
                "person's 16 letters and digits."
            ),
            code="invalid_fiscal_code",
        ) from None


def canonical_eu_vat_number(value) -> str:
    """The VAT number of a supplier based in another EU country, with its country prefix."""
    value = _typed(value).upper()
    if not value:
        return ""
    try:
        value = eu_vat.validate(value)
    except StdnumValidationError:
        raise ValidationError(
            _(
                "This is not a valid EU VAT number: it starts with the country code, such as "
                "FR, DE or ES, followed by the number."
            ),
            code="invalid_eu_vat_number",
        ) from None
    if value.startswith("IT"):
        raise ValidationError(
            _("An Italian VAT number goes in the partita IVA field."), code="italian_eu_vat_number"
        )
    return value


def canonical_cig(value) -> str:
    """A CIG, upper-cased: ten letters and digits."""
    value = _typed(value).upper()
    if not value:
        return ""
    if not CIG.fullmatch(value):
        raise ValidationError(
            _("A CIG is ten letters and digits, such as 8123456ABC."), code="invalid_cig"
        )
    return value
