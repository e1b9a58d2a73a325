from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import twofactor


class CodeForm(forms.Form):
    """One code from the authenticator app (or, in the login step, a recovery code)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def __init__(self, *args, check, **kwargs) -> None:
        # check(code) -> device or None: the enrolment checks the new app only,
        # the login step the app and the recovery codes.
        super().__init__(*args, **kwargs)
        self.check = check
        self.device = None

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        self.device = self.check(code)
        if self.device is None:
            raise forms.ValidationError(
                _("This code is not valid. Enter the current code from the app.")
            )
        return code


def app_code_checker(device):
    return lambda code: device if twofactor.verify_app_code(device, code) else None
