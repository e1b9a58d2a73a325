"""The benchmark's hand-written SQL (bench/sql/, bench/sql.py) gives the
figures and tables of report_data, over the hand-built history of
tests/reports/test_statistics_history.py and some more years of varied data."""

import datetime
from zoneinfo import ZoneInfo

import time_machine

from bench.sql import differences, sql_report_data
from cases.models import Mentee, Placement, ProgrammePhase, Project
from employers.models import Employer
from reports.statistics import Period, report_data
from tests.base import BaseTestCase
from tests.factories import (
    EmployerConsultationFactory,
    EmployerFactory,
    MeetingFactory,
    MenteeFactory,
    ProjectFactory,
    region,
)
from tests.reports.test_statistics_history import (
    CHEMNITZ,
    DRESDEN,
    LEIPZIG,
    build_history,
    case,
    placement,
)

D = datetime.date
K, R = Placement.Kind, Placement.EndReason
# Today in these tests: within the phase, so that some six-month days are
# still to come (sustainably_integrated counts only those up to today).
TODAY = datetime.datetime(2024, 8, 15, 10, tzinfo=ZoneInfo("Europe/Berlin"))


def build_earlier_years(a: Project, b: Project, c: Project) -> None:
    """2020-2024 beyond the history: other genders, ages, origins and
    residence statuses, a person in three cases, placements of every kind
    (some ending before their six-month day), meetings before and after a
    placement's start, and consultations."""
    hotel = EmployerFactory(region=region(LEIPZIG), sector=Employer.Sector.I)
    builder = EmployerFactory(region=region(CHEMNITZ), sector=Employer.Sector.F)
    nowhere = EmployerFactory(region=None, sector=Employer.Sector.N)

    # Non-binary, born on 29 February, no country of origin given
    p1 = MenteeFactory(
        project=c, gender="diverse", date_of_birth=D(1996, 2, 29),
        country_of_origin="", region=region(LEIPZIG),
        residence_status=Mentee.ResidenceStatus.RESIDENCE_PERMIT,
    )  # fmt: skip
    c1 = case(p1, c, D(2020, 3, 1), D(2020, 3, 15), D(2021, 6, 30))
    # 31 August: six-month day 28 February; ends before it (a dropout)
    placement(
        c1, K.EMPLOYMENT, D(2020, 8, 31), employer=hotel,
        qualification_adequate=False, ended_on=D(2020, 12, 1), end_reason=R.DROPOUT,
    )  # fmt: skip
    placement(c1, K.MARGINAL_EMPLOYMENT, D(2021, 1, 15))
    MeetingFactory(case=c1, date=D(2020, 8, 1), duration_minutes=45)  # before
    MeetingFactory(case=c1, date=D(2020, 9, 10), duration_minutes=20)
    MeetingFactory(case=c1, date=D(2021, 1, 5), duration_minutes=25)

    # Gender not stated, 55 or over, accompanied for years
    p2 = MenteeFactory(
        project=a, gender="not_stated", date_of_birth=D(1960, 6, 30),
        country_of_origin="AF", region=region(CHEMNITZ),
        residence_status=Mentee.ResidenceStatus.PERMISSION_TO_RESIDE,
    )  # fmt: skip
    c2 = case(p2, a, D(2021, 1, 4), D(2021, 2, 1))
    placement(
        c2, K.VOCATIONAL_TRAINING, D(2021, 9, 1), employer=builder,
        ended_on=D(2024, 7, 31), end_reason=R.COMPLETED,
    )  # fmt: skip
    placement(
        c2, K.INTERNSHIP, D(2021, 5, 3), employer=nowhere,
        ended_on=D(2021, 5, 20), end_reason=R.TERMINATED_BY_EMPLOYER,
    )  # fmt: skip
    MeetingFactory(case=c2, date=D(2021, 8, 15), duration_minutes=60)  # before
    MeetingFactory(case=c2, date=D(2021, 10, 10), duration_minutes=15)
    MeetingFactory(case=c2, date=D(2024, 6, 1), duration_minutes=50)

    # A young woman: a first conversation only, a case closed on its first
    # day, and a case in another project whose six months are not over
    p3 = MenteeFactory(
        project=c, gender="female", date_of_birth=D(2001, 1, 1),
        country_of_origin="ER", region=region(DRESDEN),
        residence_status=Mentee.ResidenceStatus.FICTION_CERTIFICATE,
    )  # fmt: skip
    case(p3, c, D(2022, 5, 2), None, D(2022, 5, 20))
    case(p3, c, D(2023, 1, 10), D(2023, 1, 10), D(2023, 1, 10))
    c3 = case(p3, b, D(2024, 6, 20), D(2024, 6, 20))
    placement(
        c3, K.EMPLOYMENT, D(2024, 7, 1), employer=hotel, qualification_adequate=True
    )  # six-month day 01.01.2025, after today
    MeetingFactory(case=c3, date=D(2024, 7, 15), duration_minutes=30)

    # Ends on its six-month day (sustainable); an internship terminated by the
    # employer (no dropout) and a qualification terminated by the employer
    p4 = MenteeFactory(
        project=b, date_of_birth=D(1990, 1, 1), country_of_origin="IQ",
        region=region(DRESDEN),
    )  # fmt: skip
    c4 = case(p4, b, D(2019, 11, 4), D(2019, 12, 2), D(2022, 12, 20))
    placement(
        c4, K.EMPLOYMENT, D(2020, 2, 29), employer=builder, qualification_adequate=True,
        ended_on=D(2020, 8, 29), end_reason=R.OTHER,
    )  # fmt: skip
    placement(
        c4, K.QUALIFICATION, D(2022, 5, 1), employer=nowhere,
        ended_on=D(2022, 6, 1), end_reason=R.TERMINATED_BY_EMPLOYER,
    )  # fmt: skip
    placement(
        c4, K.ENTRY_QUALIFICATION, D(2021, 3, 1), employer=hotel,
        ended_on=D(2021, 8, 31), end_reason=R.COMPLETED,
    )  # fmt: skip
    placement(c4, K.SELF_EMPLOYMENT, D(2022, 11, 1))
    MeetingFactory(case=c4, date=D(2020, 3, 1), duration_minutes=90)
    MeetingFactory(case=c4, date=D(2022, 12, 20), duration_minutes=10)
    # A meeting after the case was closed still counts
    MeetingFactory(case=c4, date=D(2023, 2, 2), duration_minutes=5)

    # Closed on the first day of 2021: a participant of 2021 and its Q1
    p5 = MenteeFactory(
        project=a, country_of_origin="PL", region=region(LEIPZIG),
        residence_status=Mentee.ResidenceStatus.EU_FREE_MOVEMENT,
    )  # fmt: skip
    case(p5, a, D(2020, 10, 1), D(2020, 10, 5), D(2021, 1, 1))

    EmployerConsultationFactory(employer=hotel, project=c, date=D(2020, 6, 1))
    EmployerConsultationFactory(employer=nowhere, project=a, date=D(2021, 5, 1))
    EmployerConsultationFactory(employer=builder, project=b, date=D(2022, 3, 31))
    EmployerConsultationFactory(employer=builder, project=c, date=D(2024, 4, 2))


@time_machine.travel(TODAY, tick=False)
class SqlReportDataTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        build_history(cls.project_a, cls.project_b)
        project_c = ProjectFactory(name="Projekt C")
        ProjectFactory(name="Projekt D")  # no data: a row of zeros
        build_earlier_years(cls.project_a, cls.project_b, project_c)

    def assertSameReport(self, period: Period) -> None:
        project, sql = report_data(period=period), sql_report_data(period)
        self.assertEqual(differences(project, sql), [])
        # Not vacuous: the tables and their rows are there
        self.assertEqual(
            [t["key"] for t in sql["tables"]], [t["key"] for t in project["tables"]]
        )
        self.assertGreater(sum(len(t["rows"]) for t in sql["tables"]), 20)

    def test_a_quarter(self) -> None:
        self.assertSameReport(Period.quarter(2024, 1))
        self.assertSameReport(Period.quarter(2024, 3))  # today lies in it

    def test_the_2020_phase(self) -> None:
        phase = ProgrammePhase.objects.get(start=D(2020, 1, 1))
        period = Period.phase(phase)
        self.assertSameReport(period)
        data = sql_report_data(period)
        self.assertEqual(data["tables"][-1]["key"], "by_quarter")
        self.assertEqual(len(data["tables"][-1]["rows"]), 20)

    def test_a_year_and_free_ranges(self) -> None:
        self.assertSameReport(Period.year(2021))
        # Cut quarters at both ends
        self.assertSameReport(Period(D(2020, 2, 29), D(2024, 7, 14)))
        # More than 20 quarters: a trend by year
        self.assertSameReport(Period(D(2019, 11, 15), D(2025, 3, 3)))

    def test_it_names_the_figures_that_differ(self) -> None:
        period = Period.quarter(2024, 1)
        project, sql = report_data(period=period), sql_report_data(period)
        sql["figures"]["women"] += 1
        gender = next(t for t in sql["tables"] if t["key"] == "by_gender")
        gender["rows"] = [r for r in gender["rows"] if r["key"] != "diverse"]
        male = next(r for r in gender["rows"] if r["key"] == "male")
        male["values"]["women_share"] = 1.0
        self.assertEqual(
            differences(project, sql),
            [
                "by_gender[diverse]: the whole row is missing in sql",
                "by_gender[male].women_share: project 0.0, sql 1.0",
                "figures.women: project 2, sql 3",
            ],
        )
