from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mentoring.permissions import MINISTRY, ZEFAS, has_role, works_in_projects


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: each role lands where its work is."""
    user = request.user
    if works_in_projects(user):
        return render(request, "cases/start.html", {})
    if has_role(user, ZEFAS):
        return redirect("reports:dashboard")
    if has_role(user, MINISTRY):
        return redirect("reports:report_list")
    if user.is_staff:
        return redirect("admin:index")
    return render(request, "cases/no_role.html", status=403)
