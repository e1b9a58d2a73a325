from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("mentees/<int:pk>/history/", views.mentee_history, name="mentee_history"),
    path("mentees/<int:pk>/access/", views.mentee_access_log, name="mentee_access_log"),
    path(
        "mentees/<int:pk>/export/json/",
        views.mentee_export,
        {"fmt": "json"},
        name="mentee_export_json",
    ),
    path(
        "mentees/<int:pk>/export/pdf/",
        views.mentee_export,
        {"fmt": "pdf"},
        name="mentee_export_pdf",
    ),
    path("mentees/<int:pk>/erase/", views.mentee_erase, name="mentee_erase"),
    path(
        "mentees/<int:pk>/consent/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("retention/<int:pk>/hold/", views.hold_create, name="hold_create"),
    path(
        "employers/<int:pk>/history/",
        views.employer_history,
        name="employer_history",
    ),
    path("team/<int:pk>/history/", views.team_history, name="team_history"),
    path("access/", views.access_week, name="access_week"),
    path("retention/", views.retention_overview, name="retention"),
]
