from django.urls import path

from employers.views import consultations, employers

app_name = "employers"

urlpatterns = [
    path("", employers.employer_list, name="employer_list"),
    path("new/", employers.employer_create, name="employer_create"),
    path("search/", employers.employer_search, name="employer_search"),
    path("<int:pk>/", employers.employer_detail, name="employer_detail"),
    path("<int:pk>/edit/", employers.employer_edit, name="employer_edit"),
    path(
        "<int:pk>/consultations/new/",
        consultations.consultation_create,
        name="consultation_create",
    ),
    path(
        "consultations/<int:pk>/edit/",
        consultations.consultation_edit,
        name="consultation_edit",
    ),
    path(
        "consultations/<int:pk>/delete/",
        consultations.consultation_delete,
        name="consultation_delete",
    ),
]
