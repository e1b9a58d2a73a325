"""cases.tasks.refresh_case_statuses: the nightly status refresh."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.test import TestCase

from cases import tasks
from cases.models import Case, Placement
from tests.factories import CaseFactory, PlacementFactory

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime.date(2026, 3, 1)
FOLLOW_UP = Case.Status.FOLLOW_UP
ACTIVE = Case.Status.ACTIVE


def night_of(day: datetime.date) -> time_machine.travel:
    """The beat schedule's hour: 02:30 in Berlin on `day`."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(2, 30), tzinfo=BERLIN),
        tick=False,
    )


def status(case: Case) -> str:
    return Case.objects.values_list("status", flat=True).get(pk=case.pk)


class RefreshCaseStatusesTestCase(TestCase):
    def test_it_starts_follow_up_on_the_day_the_placement_starts(self) -> None:
        case = CaseFactory()
        # Saved in advance: the start lies in the future, the case stays active.
        PlacementFactory(case=case, kind=Placement.Kind.EMPLOYMENT, start_on=START)
        with night_of(START - datetime.timedelta(days=1)):
            self.assertEqual(tasks.refresh_case_statuses(), {FOLLOW_UP: 0, ACTIVE: 0})
        self.assertEqual(status(case), ACTIVE)
        with night_of(START):
            self.assertEqual(tasks.refresh_case_statuses(), {FOLLOW_UP: 1, ACTIVE: 0})
        self.assertEqual(status(case), FOLLOW_UP)

    def test_it_starts_follow_up_for_vocational_training(self) -> None:
        case = CaseFactory()
        PlacementFactory(
            case=case, kind=Placement.Kind.VOCATIONAL_TRAINING, start_on=START
        )
        with night_of(START + datetime.timedelta(days=3)):
            tasks.refresh_case_statuses()
        self.assertEqual(status(case), FOLLOW_UP)

    def test_it_goes_back_to_active_once_the_placements_have_ended(self) -> None:
        case = CaseFactory(status=FOLLOW_UP)
        PlacementFactory(
            case=case,
            start_on=datetime.date(2025, 9, 1),
            ended_on=START,
            end_reason=Placement.EndReason.DROPOUT,
        )
        with night_of(START):
            self.assertEqual(tasks.refresh_case_statuses(), {FOLLOW_UP: 0, ACTIVE: 1})
        self.assertEqual(status(case), ACTIVE)

    def test_it_keeps_follow_up_while_another_placement_runs(self) -> None:
        case = CaseFactory(status=FOLLOW_UP)
        PlacementFactory(
            case=case,
            start_on=datetime.date(2025, 9, 1),
            ended_on=datetime.date(2025, 12, 31),
            end_reason=Placement.EndReason.TERMINATED_BY_EMPLOYER,
        )
        PlacementFactory(case=case, start_on=datetime.date(2026, 1, 15))
        with night_of(START):
            self.assertEqual(tasks.refresh_case_statuses(), {FOLLOW_UP: 0, ACTIVE: 0})
        self.assertEqual(status(case), FOLLOW_UP)

    def test_it_leaves_other_cases_alone(self) -> None:
        started = datetime.date(2026, 1, 15)
        internship = CaseFactory()
        PlacementFactory(
            case=internship, kind=Placement.Kind.INTERNSHIP, start_on=started
        )
        intake = CaseFactory(admitted_on=None)
        PlacementFactory(case=intake, start_on=started)
        closed = CaseFactory(closed_on=datetime.date(2026, 2, 1))
        PlacementFactory(case=closed, start_on=started)
        with night_of(START):
            self.assertEqual(tasks.refresh_case_statuses(), {FOLLOW_UP: 0, ACTIVE: 0})
        self.assertEqual(status(internship), ACTIVE)
        self.assertEqual(status(intake), Case.Status.INTAKE)
        self.assertEqual(status(closed), Case.Status.CLOSED)

    def test_it_agrees_with_computed_status(self) -> None:
        """The task's SQL rule and Case.computed_status() give the same answer."""
        kinds = [
            Placement.Kind.EMPLOYMENT,
            Placement.Kind.VOCATIONAL_TRAINING,
            Placement.Kind.QUALIFICATION,
            Placement.Kind.MARGINAL_EMPLOYMENT,
        ]
        starts = [START - datetime.timedelta(days=30), START, START.replace(day=2)]
        ends = [None, START - datetime.timedelta(days=1), START]
        cases = []
        for kind in kinds:
            for start_on in starts:
                for ended_on in ends:
                    if ended_on is not None and ended_on < start_on:
                        continue
                    for stored in (ACTIVE, FOLLOW_UP):
                        case = CaseFactory(status=stored)
                        PlacementFactory(
                            case=case,
                            kind=kind,
                            start_on=start_on,
                            ended_on=ended_on,
                            end_reason="completed" if ended_on else "",
                        )
                        cases.append(case)
        cases.append(CaseFactory(status=FOLLOW_UP))  # no placement at all
        with night_of(START):
            tasks.refresh_case_statuses()
            for case in Case.objects.filter(pk__in=[c.pk for c in cases]):
                self.assertEqual(case.status, case.computed_status(), case.pk)
        self.assertEqual({c.status for c in Case.objects.all()}, {ACTIVE, FOLLOW_UP})

    def make_stale_cases(self, n: int) -> None:
        """n cases due for follow-up and n due to go back to active."""
        for _ in range(n):
            PlacementFactory(case=CaseFactory(), start_on=START)
            PlacementFactory(
                case=CaseFactory(status=FOLLOW_UP),
                start_on=datetime.date(2025, 1, 1),
                ended_on=START,
                end_reason=Placement.EndReason.COMPLETED,
            )

    def test_it_costs_the_same_number_of_queries_at_two_sizes(self) -> None:
        # One SELECT for the candidates; per target status a locking SELECT,
        # one UPDATE and one INSERT into the change history.
        self.make_stale_cases(2)
        with night_of(START), self.assertNumQueries(1 + 3 + 3):
            self.assertEqual(tasks.refresh_case_statuses(), {FOLLOW_UP: 2, ACTIVE: 2})
        Case.objects.update(status=ACTIVE)
        self.make_stale_cases(40)
        with night_of(START), self.assertNumQueries(1 + 3 + 3):
            self.assertEqual(tasks.refresh_case_statuses(), {FOLLOW_UP: 42, ACTIVE: 40})

    def test_it_updates_in_batches(self) -> None:
        self.make_stale_cases(25)
        with (
            night_of(START),
            mock.patch.object(tasks, "BATCH_SIZE", 10),
            self.assertNumQueries(1 + 3 * 3 + 3 * 3),
        ):
            self.assertEqual(tasks.refresh_case_statuses(), {FOLLOW_UP: 25, ACTIVE: 25})
        self.assertEqual(tasks.stale_statuses(START), {FOLLOW_UP: [], ACTIVE: []})

    def test_it_checks_the_rule_again_when_it_updates(self) -> None:
        """A case a user changed after the candidates were read stays as saved."""
        closed = CaseFactory(closed_on=datetime.date(2026, 2, 1))
        PlacementFactory(case=closed, start_on=datetime.date(2026, 1, 15))
        without_placement = CaseFactory()
        found = {FOLLOW_UP: [closed.pk, without_placement.pk], ACTIVE: []}
        with night_of(START), mock.patch.object(tasks, "stale_statuses") as stale:
            stale.return_value = found
            self.assertEqual(tasks.refresh_case_statuses(), {FOLLOW_UP: 0, ACTIVE: 0})
        self.assertEqual(status(closed), Case.Status.CLOSED)
        self.assertEqual(status(without_placement), ACTIVE)

    def test_it_runs_as_a_celery_task(self) -> None:
        case = CaseFactory()
        PlacementFactory(case=case, start_on=START)
        with night_of(START):
            result = tasks.refresh_case_statuses.delay()
        self.assertEqual(result.get(), {FOLLOW_UP: 1, ACTIVE: 0})
        self.assertEqual(status(case), FOLLOW_UP)

    def test_it_is_scheduled_every_night_at_half_past_two(self) -> None:
        entry = settings.CELERY_BEAT_SCHEDULE["refresh-case-statuses"]
        self.assertEqual(entry["task"], tasks.refresh_case_statuses.name)
        self.assertEqual(entry["task"], "cases.tasks.refresh_case_statuses")
        self.assertEqual(entry["schedule"], crontab(minute=30, hour=2))
