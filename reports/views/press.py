"""The press table of a release (reports/press.py): a page and its PDF.

ZEFAS and the ministry only, and only releases they may see (the ministry:
released reports). `?with=<pk>` adds a second release as a second column;
a release the user may not see is a 404, as for the first.
"""

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from mentoring.permissions import MINISTRY, ZEFAS, role_required
from reports import press
from reports.models import ReportRelease


def _releases(request: HttpRequest) -> QuerySet[ReportRelease]:
    return ReportRelease.objects.visible_to(request.user).select_related(
        "report__phase"
    )


def _release(request: HttpRequest, pk: object) -> ReportRelease:
    return get_object_or_404(_releases(request), pk=pk)


def _other(request: HttpRequest, release: ReportRelease) -> ReportRelease | None:
    """The release of `?with=`, or None when there is none (or it is the same)."""
    value = request.GET.get("with", "").strip()
    if not value:
        return None
    # A pk as the URL patterns take it; anything else names no release.
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise Http404("Not a release.")
    other = _release(request, int(value))
    return None if other.pk == release.pk else other


def _choices(request: HttpRequest, release: ReportRelease) -> list[tuple[int, str]]:
    others = (
        _releases(request)
        .exclude(pk=release.pk)
        .defer("data", "report__data")
        .order_by("-report__end", "report__start", "-number")
    )
    return [(item.pk, str(item)) for item in others]


@role_required(ZEFAS, MINISTRY)
def press_table(request: HttpRequest, pk: int) -> HttpResponse:
    release = _release(request, pk)
    other = _other(request, release)
    # The figures in the press office's language, whatever the page's.
    with translation.override(settings.LANGUAGE_CODE):
        table = press.build_press_table(release, other)
        table_language = translation.get_language()
    return render(
        request,
        "reports/press_table.html",
        {
            "release": release,
            "report": release.report,
            "other": other,
            "table": table,
            "table_language": table_language,
            # The other releases the user may see, for the comparison's select.
            "choices": _choices(request, release),
        },
    )


@role_required(ZEFAS, MINISTRY)
def press_table_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    release = _release(request, pk)
    other = _other(request, release)
    content = press.write_press_pdf(release, other)
    name = press.pdf_filename(release, other)
    response = HttpResponse(content, content_type="application/pdf")
    # Cache-Control: no-store comes from SecurityHeadersMiddleware, as for
    # every response to a logged-in user.
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
