"""The figures, rates and dimensions: their keys in the order of
docs/statistics.md, their labels, which figures a table by each dimension has,
and the rows of each dimension."""

from collections.abc import Sequence
from typing import Any

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cases.models import Mentee, Project, Region
from employers.models import Employer

from .periods import Scope

FIGURES: tuple[str, ...] = (
    "first_conversations",
    "participants",
    "new_participants",
    "women",
    "employers",
    "employment",
    "employment_adequate",
    "vocational_training",
    "qualification",
    "entry_qualification",
    "internship",
    "marginal_employment",
    "self_employment",
    "dropouts",
    "follow_up",
    "sustainably_integrated",
    "average_support_days",
    "meetings",
    "meeting_hours",
)
RATES: dict[str, tuple[str, str]] = {
    "women_share": ("women", "participants"),
    "employment_adequate_share": ("employment_adequate", "employment"),
}
DIMENSIONS: tuple[str, ...] = (
    "project",
    "district",
    "gender",
    "age_group",
    "country_of_origin",
    "residence_status",
    "sector",
)
# Not a figure of docs/statistics.md: the number of cases behind average_support_days.
AUXILIARY: tuple[str, ...] = ("closed_cases",)
# Figures that are not counts: each depends on a count (for confidentiality).
DERIVED: dict[str, str] = {
    "average_support_days": "closed_cases",
    "meeting_hours": "meetings",
}

FIGURE_LABELS = {
    "first_conversations": _("first conversations"),
    "participants": _("participants"),
    "new_participants": _("new participants"),
    "women": _("women"),
    "employers": _("employers accompanied"),
    "employment": _("into employment"),
    "employment_adequate": _("of which qualification-adequate"),
    "vocational_training": _("into vocational training"),
    "qualification": _("into qualification"),
    "entry_qualification": _("into entry qualification"),
    "internship": _("into internship"),
    "marginal_employment": _("into marginal employment"),
    "self_employment": _("into self-employment"),
    "dropouts": _("dropouts"),
    "follow_up": _("in follow-up"),
    "sustainably_integrated": _("sustainably integrated"),
    "average_support_days": _("average length of support (days)"),
    "meetings": _("meetings"),
    "meeting_hours": _("meeting hours"),
    "women_share": _("share of women (%)"),
    "employment_adequate_share": _("qualification-adequate share (%)"),
    "closed_cases": _("closed cases"),
}
DIMENSION_LABELS = {
    "project": _("project"),
    "district": _("district of residence"),
    "gender": _("gender"),
    "age_group": _("age group"),
    "country_of_origin": _("country of origin"),
    "residence_status": _("residence status"),
    "sector": _("economic sector (WZ 2008)"),
    "quarter": _("quarter"),
    "year": _("year"),
}
TABLE_TITLES = {
    "project": _("By project"),
    "district": _("By district of residence"),
    "gender": _("By gender"),
    "age_group": _("By age group"),
    "country_of_origin": _("By country of origin"),
    "residence_status": _("By residence status"),
    "sector": _("By economic sector of the employer"),
    "quarter": _("By quarter"),
    "year": _("By year"),
}
AGE_GROUPS = (
    ("under_30", _("under 30")),
    ("30_54", _("30–54")),
    ("55_plus", _("55 and over")),
)
NOT_STATED = _("not stated")

# The figures each source of rows counts (one query per source: see
# aggregation.py), and which of them a table by each dimension has.
CASE_FIGURES = (
    "first_conversations",
    "participants",
    "new_participants",
    "women",
    "average_support_days",
    "closed_cases",
)
PLACEMENT_FIGURES = (
    "employment",
    "vocational_training",
    "qualification",
    "entry_qualification",
    "internship",
    "marginal_employment",
    "self_employment",
    "employment_adequate",
    "dropouts",
    "sustainably_integrated",
)
MEETING_FIGURES = ("meetings", "meeting_hours")
FOLLOW_UP_FIGURES = ("follow_up",)
EMPLOYER_FIGURES = ("employers",)
FIGURES_BY_GROUP = {
    "case": CASE_FIGURES,
    "placement": PLACEMENT_FIGURES,
    "meeting": MEETING_FIGURES,
    "follow_up": FOLLOW_UP_FIGURES,
    "employer": EMPLOYER_FIGURES,
}
# Persons have no sector; employers have no gender, age, origin or residence
# status. Meetings and their hours are the projects' activity, not the
# persons': they are broken down by project and district only.
PERSON_DIMENSIONS = ("gender", "age_group", "country_of_origin", "residence_status")
GROUPS_BY_DIMENSION = {
    "project": ("case", "placement", "follow_up", "meeting", "employer"),
    "district": ("case", "placement", "follow_up", "meeting", "employer"),
    **dict.fromkeys(PERSON_DIMENSIONS, ("case", "placement", "follow_up")),
    "sector": ("placement", "employer"),
}


def columns_for(dimension: str) -> list[str]:
    """The figure keys a breakdown by `dimension` has, in the documented order."""
    groups = GROUPS_BY_DIMENSION.get(dimension, tuple(FIGURES_BY_GROUP))
    keys = {key for group in groups for key in FIGURES_BY_GROUP[group]}
    return [key for key in FIGURES if key in keys]


def rates_for(columns: Sequence[str]) -> list[str]:
    """The rates whose numerator and denominator are both among `columns`."""
    return [r for r, (num, den) in RATES.items() if num in columns and den in columns]


def row_labels(dimension: str, scope: Scope) -> list[tuple[str, str]] | None:
    """All (key, label) rows of a closed dimension; None where rows follow the data.

    Projects and districts cost one query.
    """
    if dimension == "project":
        projects = Project.objects.order_by("name")
        if scope.project_id is not None:
            projects = projects.filter(pk=scope.project_id)
        return [(str(pk), name) for pk, name in projects.values_list("pk", "name")]
    if dimension == "district":
        regions = Region.objects.order_by("name")
        if scope.region_id is not None:
            regions = regions.filter(pk=scope.region_id)
        return list(regions.values_list("key", "name"))
    if dimension == "gender":
        return [(value, str(label)) for value, label in Mentee.Gender.choices]
    if dimension == "age_group":
        return [(value, str(label)) for value, label in AGE_GROUPS]
    if dimension == "residence_status":
        return [(value, str(label)) for value, label in Mentee.ResidenceStatus.choices]
    return None


def open_label(dimension: str, key: str) -> str:
    """The label of a row of an open dimension (country of origin, sector)."""
    if not key:
        return str(NOT_STATED)
    if dimension == "country_of_origin":
        return str(countries.name(key) or key)
    if dimension == "sector":
        return str(dict(Employer.Sector.choices).get(key, key))
    return key


def format_figure(value: Any) -> str:
    """A figure for people: the language's digit grouping (German: 12.345 and
    1.234,6); "–" for no value.

    What `formats.number_format(value, 1 or 0, force_grouping=True)` gives,
    by Python's own grouping in threes: a dashboard shows thousands of
    cells, and number_format looks the formats up again for each one.
    """
    if value is None:
        return "–"
    if isinstance(value, float):
        whole, _point, tenths = f"{value:,.1f}".partition(".")
        return _grouped(whole) + formats.get_format("DECIMAL_SEPARATOR") + tenths
    if isinstance(value, int):
        return _grouped(f"{value:,}")
    return str(value)


def _grouped(digits: str) -> str:
    """Python's "," grouping with the language's thousand separator (most
    figures are below 1,000 and need no lookup)."""
    if "," not in digits:
        return digits
    return digits.replace(",", formats.get_format("THOUSAND_SEPARATOR"))
