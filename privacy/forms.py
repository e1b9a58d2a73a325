"""Forms of the data-protection pages, and the consent fields of the mentee form."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.widgets import DateInput
from privacy.consent import current_text
from privacy.models import Consent, ConsentText, RetentionHold


def not_in_future(day: date) -> None:
    if day > timezone.localdate():
        raise forms.ValidationError(_("The date lies in the future."))


# Channels a user records today; "legacy" is only for migrated records.
CHANNELS = [c for c in Consent.Channel.choices if c[0] != Consent.Channel.LEGACY]


def add_consent_fields(form: forms.Form) -> list[str]:
    """Add the consent record's fields to a form that creates a mentee; returns
    their names. The form saves them with privacy.consent.record_consent()."""
    form.fields["consent_text"] = forms.ModelChoiceField(
        label=_("consent text agreed to"),
        queryset=ConsentText.objects.all(),
        initial=current_text,
    )
    form.fields["consent_given_on"] = forms.DateField(
        label=_("consent given on"),
        widget=DateInput(),
        validators=[not_in_future],
        help_text=_("Personal data may only be stored after consent."),
    )
    form.fields["consent_channel"] = forms.ChoiceField(
        label=_("how consent was given"), choices=CHANNELS
    )
    return ["consent_text", "consent_given_on", "consent_channel"]


class WithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("withdrawn on"),
        widget=DateInput(),
        initial=timezone.localdate,
        validators=[not_in_future],
    )
    channel = forms.ChoiceField(label=_("how it was withdrawn"), choices=CHANNELS)
    confirm = forms.BooleanField(
        label=_(
            "I have checked: the person withdrew their consent. Without a "
            "retention hold, their data is erased now."
        )
    )

    def __init__(self, *args: Any, consent: Consent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consent = consent

    def clean_withdrawn_on(self) -> date:
        day = self.cleaned_data["withdrawn_on"]
        if day < self.consent.given_on:
            raise forms.ValidationError(
                _("Consent cannot be withdrawn before it was given (%(date)s).")
                % {"date": self.consent.given_on.strftime("%d.%m.%Y")}
            )
        return day


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: request of the person by letter of 01.12.2026. "
            "Please do not write the person's name."
        ),
    )
    confirm_code = forms.CharField(
        label=_("To confirm, type the code of the mentee"), max_length=12
    )

    def __init__(self, *args: Any, mentee: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mentee = mentee

    def clean_confirm_code(self) -> str:
        code = self.cleaned_data["confirm_code"].strip().upper()
        if code != self.mentee.code:
            raise forms.ValidationError(
                _("This is not the code of this mentee (%(code)s).")
                % {"code": self.mentee.code}
            )
        return code

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if names_in(reason, self.mentee):
            raise forms.ValidationError(
                _("Please leave the person's name out of the reason: it is kept.")
            )
        return reason


def names_in(text: str, mentee: Any) -> bool:
    """True if `text` holds the mentee's first or last name."""
    lowered = text.lower()
    return any(
        len(name) > 1 and name.lower() in lowered
        for name in (mentee.first_name, mentee.last_name)
    )


class RetentionHoldForm(forms.ModelForm):
    class Meta:
        model = RetentionHold
        fields = ["reason", "until"]
        widgets = {"until": DateInput(), "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, mentee: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mentee = mentee

    def clean_until(self) -> date:
        until = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise forms.ValidationError(_("The date lies in the past."))
        return until

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if names_in(reason, self.mentee):
            raise forms.ValidationError(
                _("Please leave the person's name out of the reason.")
            )
        return reason
