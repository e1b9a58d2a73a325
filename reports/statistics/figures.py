"""`compute()`: every figure of docs/statistics.md for a period and scope, and the
trend of a period per quarter (or year), each period counted directly."""

from collections.abc import Iterable, Sequence
from typing import Any

from . import cases, employers, meetings, placements
from .aggregation import aggregate, suffix
from .labels import FIGURES, RATES, rates_for
from .periods import PROGRAMME, Period, Scope

# The sources of rows, one query each (see aggregation.py).
SOURCES = (cases, placements, meetings, employers)


def _percent(numerator: int | None, denominator: int | None) -> float | None:
    if not denominator:
        return None
    return round(100 * (numerator or 0) / denominator, 1)


def finish(raw: dict[str, Any], columns: Iterable[str] = FIGURES) -> dict[str, Any]:
    """Figures (and rates) from one set of raw aggregates without suffix."""
    columns = list(columns)
    figures: dict[str, Any] = {}
    for key in columns:
        if key == "average_support_days":
            avg = raw.get("average_support_days")
            figures[key] = None if avg is None else round(float(avg), 1)
        elif key == "meeting_hours":
            figures[key] = round((raw.get("meeting_minutes") or 0) / 60, 1)
        else:
            figures[key] = int(raw.get(key) or 0)
    if "average_support_days" in columns:
        figures["closed_cases"] = int(raw.get("closed_cases") or 0)
    for rate in rates_for(columns):
        num, den = RATES[rate]
        figures[rate] = _percent(figures[num], figures[den])
    return figures


def unsuffix(raw: dict[str, Any], index: int) -> dict[str, Any]:
    """The raw values of the `index`-th period, under their plain names."""
    end = suffix(index)
    return {k[: -len(end)]: v for k, v in raw.items() if k.endswith(end)}


def compute_many(
    *, periods: Sequence[Period], scope: Scope = PROGRAMME
) -> list[dict[str, Any]]:
    """`compute()` for several periods, in four queries whatever their number:
    cases, placements, meetings and employers."""
    periods = list(periods)
    raw: dict[str, Any] = {}
    for source in SOURCES:
        base, how = source.base(scope, periods, ())
        raw.update(aggregate(base, how, [None])[None][""])
    return [finish(unsuffix(raw, index)) for index in range(len(periods))]


def compute(
    *, period: Period, scope: Scope = PROGRAMME
) -> dict[str, int | float | None]:
    """Every figure of docs/statistics.md and the two rates for one period and scope."""
    return compute_many(periods=[period], scope=scope)[0]


MAX_TREND_QUARTERS = 20


def trend_unit(period: Period) -> str:
    """ "quarter", or "year" for periods longer than five years."""
    return "quarter" if len(period.quarters()) <= MAX_TREND_QUARTERS else "year"


def trend_periods(period: Period) -> list[Period]:
    """The rows of a trend over `period`: its quarters, or years for long ranges.

    Clipped to the period, so the rows partition it.
    """
    parts = period.quarters() if trend_unit(period) == "quarter" else period.years()
    return [part.clip(period) for part in parts]


def trend(*, period: Period, scope: Scope = PROGRAMME) -> list[tuple[Period, dict]]:
    """Figures per quarter (or year) of `period`, in four queries."""
    parts = trend_periods(period)
    return list(zip(parts, compute_many(periods=parts, scope=scope), strict=True))
