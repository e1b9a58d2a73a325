"""Small things the case views share."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from privacy.access import Action, log_access


def redirect_back(request: HttpRequest, default: Any) -> HttpResponse:
    """Back to a safe `next` from the form, else to `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def render_form_page(
    request: HttpRequest,
    *,
    form: Any,
    title: str,
    mentee: Any,
    submit_label: str,
    intro: str = "",
    quote: str = "",
    danger: bool = False,
) -> HttpResponse:
    """The one page layout for the small forms: title, intro, a quoted text
    (what is being answered), form, buttons.

    The forms show the mentee's name and data: the request is access-logged."""
    log_access(request, mentee, Action.FORM)
    return render(
        request,
        "cases/object_form.html",
        {
            "form": form,
            "title": title,
            "mentee": mentee,
            "submit_label": submit_label,
            "intro": intro,
            "quote": quote,
            "danger": danger,
        },
    )
