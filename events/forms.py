import re

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import CODE_ALPHABET, CODE_LENGTH


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=40,
        help_text=_("The code printed at the bottom of the certificate, e.g. ABCD-EFGH-JKMN."),
    )

    def clean_code(self):
        """The code as it is stored, however it was typed: spaces, dashes and case ignored."""
        letters = re.sub(r"[^A-Za-z0-9]", "", self.cleaned_data["code"]).upper()
        if len(letters) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in letters):
            raise forms.ValidationError(
                _("A code has 12 letters and digits, e.g. ABCD-EFGH-JKMN."), code="invalid"
            )
        return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"
