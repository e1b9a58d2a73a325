"""Form widgets the apps share."""

from django import forms


class DateInput(forms.DateInput):
    """A native date picker; the value travels as ISO date (yyyy-mm-dd)."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
