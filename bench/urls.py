"""The app's URLs and the benchmark's trivial view: the same gunicorn, the
same middleware, no database query and no template."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("mentoring.urls")),
]
