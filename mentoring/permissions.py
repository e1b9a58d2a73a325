"""Roles and access rules: the one place that says who may see what.

Roles are Django groups named after the roles of docs/domain.md. Mentors and project
leads belong to projects through `cases.Membership`; every query for personal
data starts from a `visible_to(user)` queryset built on `project_ids_subquery`.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

MENTOR = "mentor"
PROJECT_LEAD = "project_lead"
ZEFAS = "zefas"
MINISTRY = "ministry"
ROLES = (MENTOR, PROJECT_LEAD, ZEFAS, MINISTRY)
# Roles that work with personal data of their own project(s).
PROJECT_ROLES = (MENTOR, PROJECT_LEAD)


def user_roles(user: Any) -> frozenset[str]:
    """The user's role names. Costs one query per request (cached on the user)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_role_cache"):
        names = user.groups.filter(name__in=ROLES).values_list("name", flat=True)
        user._role_cache = frozenset(names)
    return user._role_cache


def has_role(user: Any, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def works_in_projects(user: Any) -> bool:
    """True for mentors and project leads: the only roles that see personal data."""
    return has_role(user, *PROJECT_ROLES)


def project_ids_subquery(user: Any) -> QuerySet:
    """The ids of the user's projects, as a subquery (no query of its own)."""
    from cases.models import Membership

    return Membership.objects.filter(user=user).values("project_id")


class ProjectScopedQuerySet(models.QuerySet):
    """Rows that belong to a project through `project_field`.

    `visible_to(user)` is the access rule for personal data: rows of the user's
    own projects for mentors and project leads, nothing for any other role.
    """

    project_field = "project_id"

    def visible_to(self, user: Any) -> "ProjectScopedQuerySet":
        if not works_in_projects(user):
            return self.none()
        lookup = {f"{self.project_field}__in": project_ids_subquery(user)}
        return self.filter(**lookup)


def role_required(*roles: str) -> Callable:
    """Let logged-in users with one of `roles` through; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


project_role_required = role_required(*PROJECT_ROLES)


def roles(request: HttpRequest) -> dict[str, Any]:
    """Template context: what the navigation may offer to this user."""
    names = user_roles(request.user) if hasattr(request, "user") else frozenset()
    return {
        "user_roles": names,
        "works_in_projects": bool(names & set(PROJECT_ROLES)),
        "is_zefas": ZEFAS in names,
        "is_ministry": MINISTRY in names,
        "is_project_lead": PROJECT_LEAD in names,
    }
