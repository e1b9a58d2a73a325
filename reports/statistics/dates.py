"""Date rules of docs/statistics.md in Python and SQL: ages on a day, the six-month
day of a placement, and days between two dates."""

import calendar
import datetime
from datetime import date
from typing import Any

from django.db.models import DateField, FloatField, Func


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 28 February for a 29 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def six_month_day(start: date) -> date:
    """The same day six months after `start`; the month's last day if it lacks it."""
    month = start.month + 6
    year = start.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def six_month_start_window(first: date, last: date) -> tuple[date, date] | None:
    """The start dates whose six-month day lies in [first, last], as a range.

    `six_month_day` never decreases, so these start dates form one range.
    """
    low = first - datetime.timedelta(days=186)
    while six_month_day(low) < first:
        low += datetime.timedelta(days=1)
    high = last - datetime.timedelta(days=186)
    while six_month_day(high + datetime.timedelta(days=1)) <= last:
        high += datetime.timedelta(days=1)
    return (low, high) if low <= high else None


class SixMonthDay(Func):
    """A date column's six-month day, in SQL (the same day six months
    later; the month's last day where that day does not exist).

    PostgreSQL's date arithmetic does exactly this ('2023-08-31' + 6 months
    is 2024-02-29). SQLite's would run over into March, so there it is the
    earlier of "six months on" and the last day of the sixth month on.
    """

    arity = 1
    output_field = DateField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST((%(expressions)s + INTERVAL '6 months') AS date)",
            **extra,
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"MIN(date({sql}, '+6 months'), "
            f"date({sql}, 'start of month', '+7 months', '-1 day'))",
            [*params, *params],
        )


class DaysBetween(Func):
    """The days from the first date column to the second, as a number (in SQL)."""

    arity = 2
    output_field = FloatField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # PostgreSQL: date - date is a whole number of days.
        first, first_params = compiler.compile(self.source_expressions[0])
        second, second_params = compiler.compile(self.source_expressions[1])
        return f"({second} - {first})", [*second_params, *first_params]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        first, first_params = compiler.compile(self.source_expressions[0])
        second, second_params = compiler.compile(self.source_expressions[1])
        return (
            f"(julianday({second}) - julianday({first}))",
            [*second_params, *first_params],
        )
