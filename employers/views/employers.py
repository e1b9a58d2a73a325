"""The employer registry: list, detail, create, edit and the htmx name search.

Employers are shared by all projects; what a user sees of consultations and
placements is limited to their own projects (other projects: counts only).
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import Membership, Placement
from employers.filters import EmployerFilter
from employers.forms import ContactPersonFormSet, EmployerForm
from employers.models import Employer, EmployerConsultation
from mentoring.permissions import project_role_required

PAGE_SIZE = 25
SEARCH_MIN_LENGTH = 2
SEARCH_LIMIT = 20
# Sortable columns of the list, by their ordering parameter (see EmployerFilter).
SORT_COLUMNS = ("name", "postcode", "consultations", "placements")


def get_employer(pk: int) -> Employer:
    """Any employer (the registry is shared), or 404."""
    return get_object_or_404(Employer.objects.select_related("region"), pk=pk)


def safe_next_url(request: HttpRequest) -> str:
    """The `next` parameter if it points into this site, else ''."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def with_employer(url: str, employer_pk: int) -> str:
    """`url` with `employer=<pk>` in its query string (replacing an old one)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if k != "employer"] + [
        ("employer", str(employer_pk))
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


def sort_headers(current: str) -> dict[str, dict[str, str]]:
    """Per sortable column: the ordering a click on its heading asks for, and
    its aria-sort value ("" when the list is not sorted by it)."""
    headers = {}
    current = current or "name"  # the default ordering
    for key in SORT_COLUMNS:
        if current == key:
            headers[key] = {"order": f"-{key}", "aria_sort": "ascending"}
        elif current == f"-{key}":
            headers[key] = {"order": key, "aria_sort": "descending"}
        else:
            headers[key] = {"order": key, "aria_sort": ""}
    return headers


@project_role_required
@require_GET
def employer_list(request: HttpRequest) -> HttpResponse:
    employers = Employer.objects.with_counts_for(request.user).select_related("region")
    employer_filter = EmployerFilter(request.GET, queryset=employers)
    page = Paginator(employer_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return render(
        request,
        "employers/employer_list.html",
        {
            "filter": employer_filter,
            "page": page,
            "headers": sort_headers(request.GET.get("o", "")),
            "filtered": any(
                request.GET.get(name)
                for name in ("q", "sector", "region", "size_class")
            ),
            "narrowed": any(
                request.GET.get(name) for name in ("sector", "region", "size_class")
            ),
        },
    )


@project_role_required
@require_GET
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    employer = get_object_or_404(
        Employer.objects.select_related("region").with_other_counts_for(user), pk=pk
    )
    own_project_ids = set(
        Membership.objects.filter(user=user).values_list("project_id", flat=True)
    )
    consultations = list(
        EmployerConsultation.objects.visible_to(user)
        .filter(employer=employer)
        .select_related("mentee", "mentor", "project")
    )
    placements = list(
        Placement.objects.visible_to(user)
        .filter(employer=employer)
        .select_related("case__mentee", "case__project")
    )
    return render(
        request,
        "employers/employer_detail.html",
        {
            "employer": employer,
            "contacts": list(employer.contacts.all()),
            "consultations": consultations,
            "placements": placements,
            # Mentees handed over to another project are shown by code, unlinked.
            "own_project_ids": own_project_ids,
            "several_projects": len(own_project_ids) > 1,
        },
    )


def _employer_form_page(
    request: HttpRequest, employer: Employer, *, check_duplicates: bool
) -> HttpResponse:
    """Employer form with contact persons: both valid and saved together, or
    nothing. New employers are first checked for duplicates."""
    next_url = safe_next_url(request)
    candidates: list[Employer] = []
    if request.method == "POST":
        form = EmployerForm(request.POST, instance=employer)
        formset = ContactPersonFormSet(
            request.POST, instance=employer, prefix="contacts"
        )
        # Validate both, so that errors in either are shown at once.
        form_valid = form.is_valid()
        formset_valid = formset.is_valid()
        if form_valid and formset_valid:
            if check_duplicates and not request.POST.get("save_anyway"):
                candidates = Employer.objects.duplicate_candidates(
                    form.cleaned_data["name"], form.cleaned_data["postcode"]
                )
            if not candidates:
                created = employer.pk is None
                with transaction.atomic():
                    employer = form.save()
                    formset.instance = employer
                    formset.save()
                if created:
                    messages.success(
                        request,
                        _("The employer %(name)s was added.") % {"name": employer},
                    )
                else:
                    messages.success(request, _("The changes were saved."))
                if next_url:
                    return redirect(with_employer(next_url, employer.pk))
                return redirect(employer)
    else:
        # A name typed elsewhere (the placement form's search) may come along.
        initial = {} if employer.pk else {"name": request.GET.get("name", "")}
        form = EmployerForm(instance=employer, initial=initial)
        formset = ContactPersonFormSet(instance=employer, prefix="contacts")
    for candidate in candidates:
        candidate.use_url = with_employer(next_url, candidate.pk) if next_url else ""
    return render(
        request,
        "employers/employer_form.html",
        {
            "form": form,
            "formset": formset,
            "employer": employer,
            "candidates": candidates,
            "next_url": next_url,
        },
    )


@project_role_required
@require_http_methods(["GET", "POST"])
def employer_create(request: HttpRequest) -> HttpResponse:
    return _employer_form_page(request, Employer(), check_duplicates=True)


@project_role_required
@require_http_methods(["GET", "POST"])
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _employer_form_page(request, get_employer(pk), check_duplicates=False)


@project_role_required
@require_GET
def employer_search(request: HttpRequest) -> HttpResponse:
    """`<option>`s for the placement form's employer select (htmx).

    The first option is always empty, so that nothing is chosen until the user
    picks a match; a query too short to search brings back the recent employers
    the form started with.
    """
    query = request.GET.get("q", "").strip()
    searched = len(query) >= SEARCH_MIN_LENGTH
    if searched:
        employers = Employer.objects.search_by_name(query).order_by("name", "pk")
    else:
        employers = Employer.objects.recently_used_by(request.user)
    employers = list(employers[: SEARCH_LIMIT + 1])
    return render(
        request,
        "employers/employer_options.html",
        {
            "employers": employers[:SEARCH_LIMIT],
            "searched": searched,
            "more": len(employers) > SEARCH_LIMIT,
        },
    )
