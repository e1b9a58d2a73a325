from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from reports import api

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("releases/", api.ReleaseList.as_view(), name="release_list"),
    path("releases/<int:pk>/", api.ReleaseDetail.as_view(), name="release_detail"),
]
