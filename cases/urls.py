from django.urls import path

from cases.views import (
    cases,
    feedback,
    handovers,
    meetings,
    mentees,
    placements,
    steps,
    team,
)

app_name = "cases"

urlpatterns = [
    path("mentees/", mentees.mentee_list, name="mentee_list"),
    path("mentees/new/", mentees.mentee_create, name="mentee_create"),
    path("mentees/search/", mentees.mentee_search, name="mentee_search"),
    path("mentees/<int:pk>/", mentees.mentee_detail, name="mentee_detail"),
    path("mentees/<int:pk>/edit/", mentees.mentee_edit, name="mentee_edit"),
    path("mentees/<int:pk>/cases/new/", cases.case_open, name="case_open"),
    path("cases/<int:pk>/admit/", cases.case_admit, name="case_admit"),
    path("cases/<int:pk>/close/", cases.case_close, name="case_close"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path(
        "cases/<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"
    ),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", meetings.meeting_delete, name="meeting_delete"),
    path(
        "meetings/<int:pk>/next-step-done/",
        meetings.next_step_done,
        name="next_step_done",
    ),
    path(
        "meetings/<int:pk>/feedback/new/",
        feedback.feedback_create,
        name="feedback_create",
    ),
    path("feedback/<int:pk>/answer/", feedback.feedback_answer, name="feedback_answer"),
    path("feedback/<int:pk>/read/", feedback.feedback_read, name="feedback_read"),
    path("cases/<int:pk>/steps/new/", steps.step_create, name="step_create"),
    path("steps/<int:pk>/edit/", steps.step_edit, name="step_edit"),
    path("steps/<int:pk>/done/", steps.step_done, name="step_done"),
    path(
        "cases/<int:pk>/placements/new/",
        placements.placement_create,
        name="placement_create",
    ),
    path("placements/<int:pk>/edit/", placements.placement_edit, name="placement_edit"),
    path("placements/<int:pk>/end/", placements.placement_end, name="placement_end"),
    path(
        "mentees/<int:pk>/handover/",
        handovers.handover_offer,
        name="handover_offer",
    ),
    path("handovers/", handovers.handover_list, name="handover_list"),
    path(
        "handovers/<int:pk>/accept/",
        handovers.handover_accept,
        name="handover_accept",
    ),
    path(
        "handovers/<int:pk>/decline/",
        handovers.handover_decline,
        name="handover_decline",
    ),
    path("team/", team.team_overview, name="team"),
    path("team/<int:pk>/invite/", team.team_invite, name="team_invite"),
    path("team/<int:pk>/add/", team.team_add, name="team_add"),
    path(
        "team/<int:pk>/members/<int:user_pk>/handover/",
        team.team_handover,
        name="team_handover",
    ),
    path(
        "team/<int:pk>/members/<int:user_pk>/remove/",
        team.team_remove,
        name="team_remove",
    ),
]
