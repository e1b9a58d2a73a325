"""What the demo builds: time windows, cohorts of mentees, employer activity.

The history is planned, not sampled: every mentee belongs to a cohort that
fixes in which window the case is admitted, in which window it is closed (or
that it is still open) and in which window its main placement starts. The
statistics of DESIGN.md then follow from the cohort sizes, so the published
figures are hit exactly (`HISTORY_TARGETS`). Dates inside a window are random.
"""

from dataclasses import dataclass, field
from datetime import date

EMPLOYMENT = "employment"
TRAINING = "vocational_training"
QUALIFICATION = "qualification"


@dataclass(frozen=True)
class Window:
    """A closed date range the plan places events in; windows do not overlap."""

    key: str
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class CaseSpec:
    """One case of a cohort's mentees.

    admitted_in: the window of the admission (of the first conversation when
    the person is never admitted). closed_in: the window the case is closed in;
    in the last window the case may also still be open. outcome: the kind of
    the main placement and outcome_in the window it starts in.
    """

    admitted_in: str
    closed_in: str
    outcome: str | None = None
    outcome_in: str | None = None
    admitted: bool = True


@dataclass(frozen=True)
class Cohort:
    cases: tuple[CaseSpec, ...]
    count: int


@dataclass
class Plan:
    windows: list[Window]
    cohorts: list[Cohort]
    # (keys of the windows an employer is active in, number of such employers).
    # Active means: a consultation or a placement start in that window, and
    # none in any other window.
    employers: list[tuple[tuple[str, ...], int]]
    # Exactly this many women among the participants of a window.
    women: dict[str, int] = field(default_factory=dict)
    female_share: float = 0.27
    # Share of employment starts of a window that are qualification-adequate
    # (persons, rounded).
    adequate_share: dict[str, float] = field(default_factory=dict)

    def window(self, key: str) -> Window:
        return next(w for w in self.windows if w.key == key)

    def window_of(self, day: date) -> Window | None:
        return next((w for w in self.windows if day in w), None)


# ---------------------------------------------------------------------------
# The history since the start of the model phase

M, S1, S2, T = "2016-19", "2020-22", "2023-24", "2025-"


def history_plan(today: date) -> Plan:
    """The programme's history, planned to reproduce the published figures."""
    windows = [
        Window(M, date(2016, 10, 1), date(2019, 12, 31)),
        Window(S1, date(2020, 1, 1), date(2022, 12, 31)),
        Window(S2, date(2023, 1, 1), date(2024, 12, 31)),
        Window(T, date(2025, 1, 1), today),
    ]
    E, V, Q = EMPLOYMENT, TRAINING, QUALIFICATION
    # Cohort sizes in the proportions that realistic case lengths give (about
    # 40 % of the people admitted in the model phase were still accompanied in
    # 2020), adjusted to the published totals; see the module docstring.
    rows = [
        # admitted, closed, main placement, starting in, persons
        (M, M, E, M, 958),
        (M, M, Q, M, 101),
        (M, M, V, M, 275),
        (M, M, None, None, 483),
        (M, S1, E, M, 317),
        (M, S1, Q, M, 20),
        (M, S1, V, M, 260),
        (M, S1, E, S1, 267),
        (M, S1, Q, S1, 21),
        (M, S1, V, S1, 206),
        (M, S1, None, None, 202),
        (S1, S1, E, S1, 770),
        (S1, S1, Q, S1, 36),
        (S1, S1, V, S1, 84),
        (S1, S1, None, None, 101),
        (S1, S2, E, S1, 280),
        (S1, S2, Q, S1, 8),
        (S1, S2, V, S1, 79),
        (S1, S2, E, S2, 235),
        (S1, S2, Q, S2, 8),
        (S1, S2, V, S2, 50),
        (S1, S2, None, None, 67),
        (S1, T, V, S2, 12),
        (S2, S2, E, S2, 464),
        (S2, S2, Q, S2, 37),
        (S2, S2, V, S2, 21),
        (S2, S2, None, None, 334),
        (S2, T, E, S2, 414),
        (S2, T, Q, S2, 15),
        (S2, T, V, S2, 168),
        (S2, T, E, T, 345),
        (S2, T, Q, T, 16),
        (S2, T, V, T, 163),
        (S2, T, None, None, 260),
        (T, T, E, T, 605),
        (T, T, Q, T, 43),
        (T, T, V, T, 131),
        (T, T, None, None, 1120),
    ]
    cohorts = [
        Cohort((CaseSpec(a, c, kind, starts),), n) for a, c, kind, starts, n in rows
    ]
    cohorts += [
        # People who come back: a first case in the model phase, a second one
        # (in half of them in another project) that leads into employment.
        Cohort((CaseSpec(M, M), CaseSpec(S2, S2, E, S2)), 40),
        # First conversations that did not lead to an admission.
        Cohort((CaseSpec(M, M, admitted=False),), 400),
        Cohort((CaseSpec(S1, S1, admitted=False),), 420),
        Cohort((CaseSpec(S2, S2, admitted=False),), 300),
        Cohort((CaseSpec(T, T, admitted=False),), 250),
    ]
    employers = [
        ((M,), 900),
        ((M, S1), 450),
        ((M, S1, S2), 200),
        ((M, S1, S2, T), 100),
        ((S1,), 400),
        ((S1, S2), 150),
        ((S1, S2, T), 70),
        ((S2,), 480),
        ((S2, T), 330),
        ((T,), 350),
    ]
    return Plan(
        windows=windows,
        cohorts=cohorts,
        employers=employers,
        women={S1: 756},
        female_share=0.25,
        adequate_share={M: 0.9, S1: 0.8, S2: 0.8, T: 0.8},
    )


# The history's figures (DESIGN.md keys) per period, exactly. They meet the
# published ones ("over 3,000 participants" in the model phase, exactly 3,023
# in 2020-2022, ...); tests/reports/test_demo_history.py checks both.
HISTORY_TARGETS: dict[tuple[date, date], dict[str, int]] = {
    (date(2016, 10, 1), date(2019, 12, 31)): {
        "participants": 3150,
        "employers": 1650,
        "employment": 1275,
        "employment_adequate": 1148,
        "vocational_training": 535,
        "qualification": 121,
    },
    (date(2020, 1, 1), date(2022, 12, 31)): {
        "participants": 3023,
        "women": 756,
        "employers": 1370,
        "employment": 1317,
        "vocational_training": 369,
    },
    (date(2020, 1, 1), date(2024, 12, 31)): {
        "participants": 5300,
        "employers": 2180,
        "employment": 2470,
        "vocational_training": 620,
    },
}


# ---------------------------------------------------------------------------
# The default demo: the last three years, sized by the number of mentees

RECENT = "recent"


def default_plan(today: date, mentees: int) -> Plan:
    """A few thousand mentees over the last three years, nothing exact."""
    start = date(today.year - 3, today.month, 1)
    shares = [
        (CaseSpec(RECENT, RECENT, EMPLOYMENT, RECENT), 0.27),
        (CaseSpec(RECENT, RECENT, TRAINING, RECENT), 0.09),
        (CaseSpec(RECENT, RECENT, QUALIFICATION, RECENT), 0.03),
        (CaseSpec(RECENT, RECENT, admitted=False), 0.10),
    ]
    cohorts = [Cohort((spec,), round(mentees * share)) for spec, share in shares]
    rest = mentees - sum(c.count for c in cohorts)
    cohorts.append(Cohort((CaseSpec(RECENT, RECENT),), max(rest, 0)))
    return Plan(
        windows=[Window(RECENT, start, today)],
        cohorts=[c for c in cohorts if c.count],
        employers=[((RECENT,), max(10, mentees // 8))],
        adequate_share={RECENT: 0.8},
    )
