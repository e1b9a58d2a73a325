from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("projects/<int:pk>/import/", views.import_start, name="start"),
    path(
        "projects/<int:pk>/import/template/",
        views.import_template,
        name="template",
    ),
    path("imports/<int:pk>/", views.import_job, name="job"),
    path("imports/<int:pk>/import/", views.import_confirm, name="confirm"),
]
