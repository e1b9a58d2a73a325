"""The programme statistics of docs/statistics.md, as database queries.

Everything here is a pure function of a period and a scope. Every figure is
counted directly over its own period (never as a sum of quarters) with
COUNT(DISTINCT ...), so the number of queries depends on the number of
sources of rows, never on the amount of data or the number of periods:
`compute()` and `trend()` cost four queries (cases, placements, meetings,
employers), `breakdown()` at most five, `report_data()` at most ten.

Where to find what:

- periods.py      Period (quarter, year, phase, range) and Scope
- labels.py       FIGURES, RATES, DIMENSIONS, their labels, the columns of
                  each table, the rows of each dimension, format_figure
- cases.py        first_conversations, participants, new_participants,
                  women, average_support_days
- placements.py   employment ... self_employment, employment_adequate,
                  dropouts, sustainably_integrated
- meetings.py     meetings, meeting_hours, follow_up
- employers.py    employers
- dates.py        ages, six-month days, days between dates (Python and SQL)
- aggregation.py  the one query per source that every function builds on
- figures.py      compute(), compute_many(), trend()
- breakdowns.py   breakdown(), breakdowns(), figures_and_breakdowns()
- report.py       report_data()

Decisions where the definitions leave a case open (docs/statistics.md; tested
in tests/reports/test_statistics*.py):

- Persons are mentees (`Case.mentee`); a person with two cases in P, or in
  two projects, counts once in the programme and once in each project.
- Breakdowns by district, gender, age, country of origin and residence status
  use the mentee's current data (the model keeps no history of them).
- `follow_up` counts a meeting dated on or after the start of any employment
  or vocational-training placement of the same person (the definition: "one
  of their placements"), whichever case or project that placement belongs to, and
  whether or not that placement is still running. It is computed as "the
  last meeting in P of one of the person's cases is on or after their
  earliest such start" (meetings.py), which is the same.
- `sustainably_integrated` counts only six-month days up to today: a
  placement whose six months are not over yet is not (yet) sustainable, and
  a period wholly in the future has none. Ending on the six-month day itself
  is not "before" it. The six-month day is computed in SQL (`SixMonthDay`);
  the start dates whose six-month day lies in P form one range, computed in
  Python, which keeps the query on the index.
- Age groups compare the date of birth with the first day of P minus 30 and
  55 years (28 February for a 29 February), the same rule as
  `Mentee.age_on`.
- Placements without an employer (self-employment, a Minijob) have no
  sector: the "not stated" row of the sector breakdown.
- The trend of a period is per calendar quarter, each clipped to the period
  so that the rows partition it; per year for periods over five years.
- `employers` in a project scope: consultations of the project and placements
  of the project's cases; in a district scope: employers of that district.
  Employers are broken down by project, district and sector only; meetings
  and meeting hours (the projects' activity) by project and district only.
- Rates are percentages with one decimal (42.9), None when the denominator
  is zero; `average_support_days` and `meeting_hours` have one decimal.
- `compute()` also returns `closed_cases` (the cases behind the average), so
  that the confidentiality rules can suppress an average of one or two cases.
- Speed: one pass over each table for all tables of a report (aggregation.py),
  meetings reduced per case before any join (meetings.py), and the indexes
  `meeting_statistics` and `placement_follow_up` (cases/models.py). The
  dashboard keeps its results in Django's cache for a few minutes
  (reports/views/dashboard.py); quarterly reports are always computed anew.
"""

from .breakdowns import breakdown, breakdowns
from .dates import SixMonthDay, six_month_day, six_month_start_window, years_before
from .figures import (
    MAX_TREND_QUARTERS,
    compute,
    compute_many,
    trend,
    trend_periods,
    trend_unit,
)
from .labels import (
    AGE_GROUPS,
    AUXILIARY,
    DERIVED,
    DIMENSION_LABELS,
    DIMENSIONS,
    FIGURE_LABELS,
    FIGURES,
    NOT_STATED,
    RATES,
    TABLE_TITLES,
    columns_for,
    format_figure,
    rates_for,
)
from .periods import Period, Scope
from .report import report_data

__all__ = [
    "AGE_GROUPS",
    "AUXILIARY",
    "DERIVED",
    "DIMENSIONS",
    "DIMENSION_LABELS",
    "FIGURES",
    "FIGURE_LABELS",
    "MAX_TREND_QUARTERS",
    "NOT_STATED",
    "RATES",
    "TABLE_TITLES",
    "Period",
    "Scope",
    "SixMonthDay",
    "breakdown",
    "breakdowns",
    "columns_for",
    "compute",
    "compute_many",
    "format_figure",
    "rates_for",
    "report_data",
    "six_month_day",
    "six_month_start_window",
    "trend",
    "trend_periods",
    "trend_unit",
    "years_before",
]
