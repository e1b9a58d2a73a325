"""A hand-built history for the statistics tests (no tests of its own): every
expected number in tests/reports/test_statistics*.py is worked out from it by hand.

Persons (all male, born 17.05.1995, from Syria, residence status unknown,
unless noted), their cases (opened / admitted / closed) and placements:

m1  female, Ukraine, born 01.06.1990, Dresden, project A
    case A 10.01.2024 / 15.01.2024 / 14.05.2024 (120 days)
    employment at e1 from 01.02.2024, qualification-adequate
    meetings 20.01.2024 (60 min, before the placement), 01.02.2024 (90 min)
m2  born 01.01.1980, Leipzig, Duldung, project A
    case A 02.11.2023 / 02.11.2023 / open (spans every quarter of 2024)
    vocational training at e2 01.04.2024 - 30.09.2024, dropout
    meeting 01.05.2024 (30 min)
m3  female, born 01.01.1994 (exactly 30 on 01.01.2024), no district
    case A 01.03.2023 / 01.03.2023 / 31.12.2023 (305 days), then comes back:
    case B 31.03.2024 / 31.03.2024 / open; marginal employment from 31.03.2024
m4  Dresden, project A: case 01.06.2023 / 01.06.2023 / 31.12.2023 (213 days)
m5  Dresden, project B: case 15.02.2024 / never admitted / 01.03.2024
m6  born 01.01.1969 (55 on 01.01.2024), Chemnitz, project B
    case 01.12.2023 / 01.12.2023 / open
    qualification at e3 from 01.01.2024; internship at e3 31.03.2024 -
    10.04.2024 (dropout, but internships are no dropouts)
    meeting 01.02.2024 (30 min; a qualification starts no follow-up)
m7  Dresden, project B: case 01.08.2023 / 01.08.2023 / open
    employment at e2 from 31.08.2023, not adequate (six-month day 29.02.2024)
    meeting 01.03.2024 (30 min)
m8  project A: case 01.08.2022 / 01.08.2022 / 31.03.2023 (242 days)
    employment at e5 31.08.2022 - 28.02.2023 completed (six-month day
    28.02.2023: ends on it, so sustainable)
m9  born 02.01.1994 (29 on 01.01.2024), Dresden, project A
    case 05.01.2024 / 05.01.2024 / open
    employment at e1 15.01.2024 - 14.07.2024 terminated by the employer
    (one day short of its six-month day 15.07.2024)
    qualification at e1 01.08.2024 - 15.09.2024, dropout
m10 project A: case 05.01.2024 / 05.01.2024 / open
    employment at e3 15.01.2024 - 15.07.2024 (other), adequate: ends on its
    six-month day, so sustainable
m11 project B: case 20.01.2024 / 01.02.2024 / open
    entry qualification at e4 from 01.05.2024; self-employment from 01.06.2024
m12 project B: case 01.08.2023 / 01.08.2023 / 15.03.2024 (227 days)
    employment at e4 31.08.2023 - 28.02.2024 (other): ends before 29.02.2024

Employers (district, WZ section): e1 Dresden C, e2 Leipzig G, e3 Dresden C,
e4 none Q, e5 Chemnitz F. Consultations: e2 by A 10.02.2024, e5 by B
01.03.2024, e1 by B 20.01.2024, e5 by A 05.05.2023.
"""

import datetime
from typing import Any

from cases.models import Case, Mentee, Placement, Project
from employers.models import Employer
from tests.factories import (
    CaseFactory,
    EmployerConsultationFactory,
    EmployerFactory,
    MeetingFactory,
    MenteeFactory,
    PlacementFactory,
    region,
)

D = datetime.date
DRESDEN, LEIPZIG, CHEMNITZ = "14612", "14713", "14511"


def case(
    mentee: Mentee,
    project: Project,
    opened: datetime.date,
    admitted: datetime.date | None,
    closed: datetime.date | None = None,
) -> Case:
    """A case; one closed without admission is closed as not admitted."""
    extra = {}
    if closed and admitted is None:
        extra["close_reason"] = Case.CloseReason.NOT_ADMITTED
    return CaseFactory(
        mentee=mentee,
        project=project,
        opened_on=opened,
        admitted_on=admitted,
        closed_on=closed,
        **extra,
    )


def placement(case: Case, kind: str, start: datetime.date, **kwargs: Any) -> None:
    """A placement, without employer unless one is given."""
    kwargs.setdefault("employer", None)
    PlacementFactory(case=case, kind=kind, start_on=start, **kwargs)


def build_history(project_a: Project, project_b: Project) -> dict[str, Any]:
    """Create the history above; returns the objects by name."""
    e1 = EmployerFactory(region=region(DRESDEN), sector=Employer.Sector.C)
    e2 = EmployerFactory(region=region(LEIPZIG), sector=Employer.Sector.G)
    e3 = EmployerFactory(region=region(DRESDEN), sector=Employer.Sector.C)
    e4 = EmployerFactory(region=None, sector=Employer.Sector.Q)
    e5 = EmployerFactory(region=region(CHEMNITZ), sector=Employer.Sector.F)

    def person(project: Project, **kwargs: Any) -> Mentee:
        if "region" in kwargs and isinstance(kwargs["region"], str):
            kwargs["region"] = region(kwargs["region"])
        return MenteeFactory(project=project, **kwargs)

    K, R = Placement.Kind, Placement.EndReason
    a, b = project_a, project_b

    m1 = person(
        a, gender="female", country_of_origin="UA", date_of_birth=D(1990, 6, 1),
        region=DRESDEN,
    )  # fmt: skip
    c1 = case(m1, a, D(2024, 1, 10), D(2024, 1, 15), D(2024, 5, 14))
    placement(c1, K.EMPLOYMENT, D(2024, 2, 1), employer=e1, qualification_adequate=True)
    MeetingFactory(case=c1, date=D(2024, 1, 20), duration_minutes=60)
    MeetingFactory(case=c1, date=D(2024, 2, 1), duration_minutes=90)

    m2 = person(
        a, date_of_birth=D(1980, 1, 1), region=LEIPZIG,
        residence_status=Mentee.ResidenceStatus.TOLERATION,
    )  # fmt: skip
    c2 = case(m2, a, D(2023, 11, 2), D(2023, 11, 2))
    placement(
        c2, K.VOCATIONAL_TRAINING, D(2024, 4, 1), employer=e2,
        ended_on=D(2024, 9, 30), end_reason=R.DROPOUT,
    )  # fmt: skip
    MeetingFactory(case=c2, date=D(2024, 5, 1), duration_minutes=30)

    m3 = person(b, gender="female", date_of_birth=D(1994, 1, 1))
    case(m3, a, D(2023, 3, 1), D(2023, 3, 1), D(2023, 12, 31))
    c3b = case(m3, b, D(2024, 3, 31), D(2024, 3, 31))
    placement(c3b, K.MARGINAL_EMPLOYMENT, D(2024, 3, 31))

    m4 = person(a, region=DRESDEN)
    case(m4, a, D(2023, 6, 1), D(2023, 6, 1), D(2023, 12, 31))

    m5 = person(b, region=DRESDEN)
    case(m5, b, D(2024, 2, 15), None, D(2024, 3, 1))

    m6 = person(b, date_of_birth=D(1969, 1, 1), region=CHEMNITZ)
    c6 = case(m6, b, D(2023, 12, 1), D(2023, 12, 1))
    placement(c6, K.QUALIFICATION, D(2024, 1, 1), employer=e3)
    placement(
        c6, K.INTERNSHIP, D(2024, 3, 31), employer=e3,
        ended_on=D(2024, 4, 10), end_reason=R.DROPOUT,
    )  # fmt: skip
    MeetingFactory(case=c6, date=D(2024, 2, 1), duration_minutes=30)

    m7 = person(b, region=DRESDEN)
    c7 = case(m7, b, D(2023, 8, 1), D(2023, 8, 1))
    placement(
        c7, K.EMPLOYMENT, D(2023, 8, 31), employer=e2, qualification_adequate=False
    )
    MeetingFactory(case=c7, date=D(2024, 3, 1), duration_minutes=30)

    m8 = person(a)
    c8 = case(m8, a, D(2022, 8, 1), D(2022, 8, 1), D(2023, 3, 31))
    placement(
        c8, K.EMPLOYMENT, D(2022, 8, 31), employer=e5,
        ended_on=D(2023, 2, 28), end_reason=R.COMPLETED,
    )  # fmt: skip

    m9 = person(a, date_of_birth=D(1994, 1, 2), region=DRESDEN)
    c9 = case(m9, a, D(2024, 1, 5), D(2024, 1, 5))
    placement(
        c9, K.EMPLOYMENT, D(2024, 1, 15), employer=e1,
        ended_on=D(2024, 7, 14), end_reason=R.TERMINATED_BY_EMPLOYER,
    )  # fmt: skip
    placement(
        c9, K.QUALIFICATION, D(2024, 8, 1), employer=e1,
        ended_on=D(2024, 9, 15), end_reason=R.DROPOUT,
    )  # fmt: skip

    m10 = person(a)
    c10 = case(m10, a, D(2024, 1, 5), D(2024, 1, 5))
    placement(
        c10, K.EMPLOYMENT, D(2024, 1, 15), employer=e3, qualification_adequate=True,
        ended_on=D(2024, 7, 15), end_reason=R.OTHER,
    )  # fmt: skip

    m11 = person(b)
    c11 = case(m11, b, D(2024, 1, 20), D(2024, 2, 1))
    placement(c11, K.ENTRY_QUALIFICATION, D(2024, 5, 1), employer=e4)
    placement(c11, K.SELF_EMPLOYMENT, D(2024, 6, 1))

    m12 = person(b)
    c12 = case(m12, b, D(2023, 8, 1), D(2023, 8, 1), D(2024, 3, 15))
    placement(
        c12, K.EMPLOYMENT, D(2023, 8, 31), employer=e4,
        ended_on=D(2024, 2, 28), end_reason=R.OTHER,
    )  # fmt: skip

    EmployerConsultationFactory(employer=e2, project=a, date=D(2024, 2, 10))
    EmployerConsultationFactory(employer=e5, project=b, date=D(2024, 3, 1))
    EmployerConsultationFactory(employer=e1, project=b, date=D(2024, 1, 20))
    EmployerConsultationFactory(employer=e5, project=a, date=D(2023, 5, 5))
    return {"e1": e1, "e2": e2, "e3": e3, "e4": e4, "e5": e5, "m3": m3}
