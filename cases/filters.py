"""The mentee list's search, filters and sorting (django-filter).

The filter set always starts from the access-scoped, annotated queryset the view
passes in (`Mentee.objects.visible_to(user).with_current_case()`).
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .forms import MentorChoiceField, project_mentors, user_projects
from .models import Case, Mentee, Region


class MentorFilter(django_filters.ModelChoiceFilter):
    field_class = MentorChoiceField


class MenteeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Code or name")}
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("case status"),
        field_name="current_status",
        choices=Case.Status.choices,
        empty_label=_("all"),
    )
    mentor = MentorFilter(
        label=_("mentor"),
        method="filter_mentor",
        queryset=None,
        empty_label=_("all"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("district"),
        queryset=Region.objects.all(),
        empty_label=_("all"),
    )
    placed = django_filters.BooleanFilter(
        label=_("placed"),
        method="filter_placed",
        widget=forms.Select(
            choices=[
                ("", _("all")),
                ("true", _("with a running placement")),
                ("false", _("without a running placement")),
            ]
        ),
    )
    sort = django_filters.OrderingFilter(
        label=_("sort by"),
        empty_label=_("by name (default)"),
        fields=[
            ("code", "code"),
            ("last_name", "name"),
            ("current_status", "status"),
            ("current_mentor_last_name", "mentor"),
            ("last_meeting_on", "last_meeting"),
        ],
        field_labels={
            "code": _("code"),
            "name": _("name"),
            "status": _("case status"),
            "mentor": _("mentor"),
            "last_meeting": _("last meeting"),
        },
    )

    class Meta:
        model = Mentee
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["mentor"].queryset = project_mentors(user_projects(user))

    def filter_mentor(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(current_mentor_id=value.pk)

    def filter_placed(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.placed(value)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Every word must match the code, the first or the last name."""
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(code__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
            )
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        # A stable order for pagination when the user sorts by a column with ties.
        if queryset.query.order_by:
            return queryset.order_by(*queryset.query.order_by, "pk")
        return queryset.order_by("last_name", "first_name", "pk")
