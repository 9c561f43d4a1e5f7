"""Form widgets that every app's forms share."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's own date picker: the value goes in and out as ISO 8601 (YYYY-MM-DD), the
    only form an `<input type="date">` reads, whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
