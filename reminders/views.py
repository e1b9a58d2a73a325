"""The reminder settings page: how often the reminder e-mails come."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.models import QUIET_DAYS
from mentoring.permissions import PROJECT_LEAD, has_role, project_role_required
from reminders.forms import ReminderSettingsForm
from reminders.models import ReminderSettings


@project_role_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    form = ReminderSettingsForm(
        request.POST or None,
        instance=ReminderSettings.for_user(request.user),
        is_lead=has_role(request.user, PROJECT_LEAD),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reminder settings have been saved."))
        return redirect("reminders:settings")
    return render(
        request, "reminders/settings.html", {"form": form, "quiet_days": QUIET_DAYS}
    )
