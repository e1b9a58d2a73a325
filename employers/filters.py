"""The employer list's search, filters and sorting (django-filter)."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cases.models import Region
from employers.models import Employer


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting by a column, with name and pk as tie-breakers so pages are stable."""

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        ordering = self.get_ordering_value(value[0]) if value else None
        if not ordering:
            return qs
        return qs.order_by(ordering, "name", "pk")

    def get_ordering_value(self, param: str) -> str | None:
        descending = param.startswith("-")
        param = param.removeprefix("-")
        field = self.param_map.get(param)
        if field is None:
            return None
        return f"-{field}" if descending else field


class EmployerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, city or postcode")}
        ),
    )
    sector = django_filters.ChoiceFilter(
        label=_("economic sector (WZ 2008)"),
        choices=Employer.Sector.choices,
        empty_label=_("all sectors"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("district"),
        queryset=Region.objects.order_by("name"),
        empty_label=_("all districts"),
    )
    size_class = django_filters.ChoiceFilter(
        label=_("size"),
        choices=Employer.SizeClass.choices,
        empty_label=_("all sizes"),
    )
    o = StableOrderingFilter(
        label=_("Sort by"),
        empty_label=_("by name (default)"),
        fields=(
            ("name", "name"),
            ("city", "city"),
            ("postcode", "postcode"),
            ("own_consultations", "consultations"),
            ("own_placements", "placements"),
        ),
        field_labels={
            "name": _("employer"),
            "city": _("city"),
            "postcode": _("postcode"),
            "consultations": _("consultations"),
            "placements": _("placements"),
        },
    )

    class Meta:
        model = Employer
        fields = ["q", "sector", "region", "size_class"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)
