from typing import Any

from django import forms

from reminders.models import ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["frequency", "team_digest"]
        widgets = {"frequency": forms.RadioSelect}

    def __init__(self, *args: Any, is_lead: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_lead:
            # Only project leads have a team to hear about.
            del self.fields["team_digest"]
