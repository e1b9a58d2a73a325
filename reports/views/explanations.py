"""The page "Erläuterungen": what each figure of the statistics counts and
what `*` means, for ZEFAS, the ministry and the project leads who read the
dashboards and the quarterly reports. No figures, no personal data."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from reports.statistics.labels import FIGURE_LABELS, FIGURES, RATES

OTHER_PLACEMENT = _(
    "Distinct persons with a placement of this kind starting in the period."
)
# One explanation per figure and rate, in the order of the reports.
EXPLANATIONS = {
    "first_conversations": _(
        "Distinct persons with a case opened in the period (the first "
        "conversation), whether or not they were taken on as mentees."
    ),
    "participants": _(
        "Distinct persons with an admitted case during the period: admitted on "
        "or before its last day and not closed before its first day."
    ),
    "new_participants": _("Distinct persons with a case admitted in the period."),
    "women": _("Participants whose gender is female."),
    "employers": _(
        "Distinct employers with a consultation in the period or with a "
        "placement starting in it."
    ),
    "employment": _(
        "Distinct persons with an employment subject to social insurance "
        "starting in the period."
    ),
    "employment_adequate": _(
        "Those among them with at least one employment starting in the period "
        "that matches their qualification."
    ),
    "vocational_training": _(
        "Distinct persons with a vocational training (apprenticeship) starting "
        "in the period."
    ),
    "qualification": _(
        "Distinct persons with a qualification leading to a recognised "
        "certificate starting in the period."
    ),
    "entry_qualification": OTHER_PLACEMENT,
    "internship": OTHER_PLACEMENT,
    "marginal_employment": OTHER_PLACEMENT,
    "self_employment": OTHER_PLACEMENT,
    "dropouts": _(
        "Placements, not persons: employments, vocational trainings and "
        "qualifications that ended in the period because the mentee dropped out "
        "or the employer terminated them."
    ),
    "follow_up": _(
        "Distinct persons with a meeting in the period on or after the start of "
        "one of their employments or vocational trainings."
    ),
    "sustainably_integrated": _(
        "Distinct persons whose employment or vocational training reached its "
        "six-month day (the end of the probation period) in the period, up to "
        "today, without having ended before."
    ),
    "average_support_days": _(
        "The mean number of days from admission to closing, over the admitted "
        "cases closed in the period; empty when there are none."
    ),
    "meetings": _("Meetings dated in the period."),
    "meeting_hours": _("The sum of the durations of those meetings, in hours."),
    "women_share": _("Women as a percentage of the participants."),
    "employment_adequate_share": _(
        "Qualification-adequate employments as a percentage of the persons into "
        "employment."
    ),
}


@login_required
@require_GET
def explanations(request: HttpRequest) -> HttpResponse:
    keys = [*FIGURES, *RATES]
    return render(
        request,
        "reports/explanations.html",
        {
            "figures": [(FIGURE_LABELS[key], EXPLANATIONS[key]) for key in keys],
            "min_cell": settings.STATISTICS_MIN_CELL,
            "largest_suppressed": settings.STATISTICS_MIN_CELL - 1,
        },
    )
