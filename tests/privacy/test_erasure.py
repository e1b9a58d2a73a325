"""Art. 17: the erasure removes every trace of the person, keeps the figures'
inputs, runs in one transaction, and refuses what it must not do."""

import datetime
from io import StringIO
from unittest import mock

from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.urls import reverse

from cases.models import Case, Meeting, Mentee
from employers.models import EmployerConsultation
from privacy import erasure
from privacy.erasure import ErasureRefused, erase_mentee, next_quarter_start
from privacy.models import Erasure
from tests.base import BaseTestCase
from tests.factories import UserFactory
from tests.privacy.support import NAME, SURNAME, mentee_with_texts, touch_everything

REQUEST = Erasure.Source.REQUEST


def text_columns() -> list[tuple[str, str]]:
    """Every text, varchar and JSON column of every table of the database."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name
            FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'json', 'jsonb')
            ORDER BY 1, 2
            """
        )
        return cursor.fetchall()


def traces_of(*words: str) -> list[str]:
    """The table.column places where any of `words` still occurs."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for word in words:
                cursor.execute(
                    f"SELECT count(*) FROM {quote(table)} "
                    f"WHERE CAST({quote(column)} AS TEXT) ILIKE %s",
                    [f"%{word}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column}: {word}")
    return found


def snapshot(mentee: Mentee) -> dict:
    """Everything the statistics read about the mentee."""
    return {
        "mentee": Mentee.objects.filter(pk=mentee.pk)
        .values(
            "code",
            "gender",
            "country_of_origin",
            "residence_status",
            "region",
            "project",
        )
        .get(),
        "cases": list(
            Case.objects.filter(mentee=mentee).values(
                "project",
                "opened_on",
                "admitted_on",
                "closed_on",
                "status",
                "close_reason",
            )
        ),
        "meetings": list(
            Meeting.objects.filter(case__mentee=mentee).values(
                "date", "duration_minutes"
            )
        ),
        "placements": list(
            mentee.cases.values(
                "placements__kind",
                "placements__start_on",
                "placements__ended_on",
                "placements__end_reason",
                "placements__employer",
                "placements__qualification_adequate",
            )
        ),
        "consultations": list(
            EmployerConsultation.objects.filter(mentee=mentee).values(
                "date", "employer", "project"
            )
        ),
    }


class NextQuarterStartTestCase(BaseTestCase):
    def test_it_keeps_a_quarter_start_and_moves_everything_else_forward(self) -> None:
        cases = {
            datetime.date(1990, 1, 1): datetime.date(1990, 1, 1),
            datetime.date(1990, 1, 2): datetime.date(1990, 4, 1),
            datetime.date(1990, 3, 31): datetime.date(1990, 4, 1),
            datetime.date(1996, 2, 29): datetime.date(1996, 4, 1),
            datetime.date(1990, 10, 2): datetime.date(1991, 1, 1),
            datetime.date(1990, 12, 31): datetime.date(1991, 1, 1),
        }
        for born, expected in cases.items():
            self.assertEqual(next_quarter_start(born), expected, born)

    def test_it_keeps_the_age_group_on_every_quarter_start(self) -> None:
        """Born on or before s minus N years, for every quarter start s and
        N in (30, 55), with the real date exactly when with the replacement."""
        born = datetime.date(1960, 1, 1)
        starts = [
            datetime.date(y, m, 1) for y in range(1985, 2031) for m in (1, 4, 7, 10)
        ]
        while born < datetime.date(1975, 12, 31):
            coarse = next_quarter_start(born)
            for start in starts:
                for years in (30, 55):
                    limit = start.replace(year=start.year - years)
                    self.assertEqual(born <= limit, coarse <= limit, (born, start))
            born += datetime.timedelta(days=1)


class EraseMenteeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mentee = mentee_with_texts(cls.project_a, cls.alice)

    def test_it_leaves_no_trace_of_the_name_in_any_table(self) -> None:
        touch_everything(self.mentee)
        # The pages and admin put the mentee into the access and admin logs.
        self.client.force_login(self.lena)
        self.client.get(reverse("cases:mentee_detail", args=[self.mentee.pk]))
        self.client.get(reverse("privacy:mentee_history", args=[self.mentee.pk]))
        self.client.force_login(self.root)
        step = Case.objects.get(mentee=self.mentee).steps.get()
        self.client.post(
            reverse("admin:cases_integrationstep_change", args=[step.pk]),
            {
                "case": step.case_id,
                "kind": step.kind,
                "description": f"{NAME} 2",
                "responsible": "mentee",
            },
        )
        self.assertIn(f"cases_mentee.first_name: {NAME}", traces_of(NAME))
        self.assertTrue(any("historical" in t for t in traces_of(SURNAME)))

        erase_mentee(
            self.mentee, by=self.lena, source=REQUEST, reason="Antrag per Brief"
        )

        self.assertEqual(
            traces_of(NAME, SURNAME, "0351 123456", "zenobia@", "09111"), []
        )

    def test_it_keeps_what_the_statistics_count(self) -> None:
        before = snapshot(self.mentee)
        erase_mentee(self.mentee, by=self.lena, source=REQUEST, reason="Antrag")
        self.assertEqual(snapshot(self.mentee), before)
        self.mentee.refresh_from_db()
        self.assertEqual(self.mentee.date_of_birth, datetime.date(1994, 4, 1))
        self.assertEqual((self.mentee.first_name, self.mentee.nationality), ("", ""))
        mark = Erasure.objects.get(mentee=self.mentee)
        self.assertEqual((mark.erased_by, mark.source), (self.lena, REQUEST))

    def test_it_changes_nothing_when_the_database_fails_midway(self) -> None:
        before = (
            snapshot(self.mentee),
            Mentee.objects.filter(pk=self.mentee.pk).values().get(),
        )
        with (
            mock.patch.object(
                erasure, "scrub_admin_log", side_effect=DatabaseError("disk full")
            ),
            self.assertRaises(DatabaseError),
        ):
            erase_mentee(self.mentee, by=self.lena, source=REQUEST, reason="Antrag")
        after = (
            snapshot(self.mentee),
            Mentee.objects.filter(pk=self.mentee.pk).values().get(),
        )
        self.assertEqual(after, before)
        self.assertFalse(Erasure.objects.exists())
        self.assertTrue(Meeting.objects.filter(notes__contains=NAME).exists())
        self.assertTrue(Mentee.history.filter(first_name=NAME).exists())

    def test_it_refuses_a_second_erasure_in_german(self) -> None:
        erase_mentee(self.mentee, by=self.lena, source=REQUEST, reason="Antrag")
        with self.assertRaisesMessage(ErasureRefused, "bereits gelöscht"):
            erase_mentee(self.mentee, by=self.lena, source=REQUEST, reason="Antrag")
        self.assertEqual(Erasure.objects.count(), 1)

    def test_it_refuses_a_mentee_of_another_project_in_german(self) -> None:
        with self.assertRaisesMessage(ErasureRefused, "anderen Projekt"):
            erase_mentee(self.mentee, by=self.bob, source=REQUEST, reason="Antrag")
        self.mentee.refresh_from_db()
        self.assertEqual(self.mentee.first_name, NAME)

    def test_it_refuses_a_mentee_with_an_open_case(self) -> None:
        Case.objects.filter(mentee=self.mentee).update(
            closed_on=None, status="active", close_reason=""
        )
        with self.assertRaisesMessage(ErasureRefused, "offene Begleitung"):
            erase_mentee(self.mentee, by=self.lena, source=REQUEST, reason="Antrag")
        self.assertFalse(Erasure.objects.exists())


class EraseViewTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mentee = mentee_with_texts(cls.project_a, cls.alice)
        cls.url = reverse("privacy:mentee_erase", args=[cls.mentee.pk])

    def test_it_asks_for_reason_and_code_then_erases(self) -> None:
        self.client.force_login(self.lena)
        response = self.client.get(self.url)
        self.assertContains(response, "Code")
        response = self.client.post(
            self.url, {"reason": "Antrag", "confirm_code": "TN-X"}
        )
        self.assertContains(response, "nicht der Code")
        response = self.client.post(
            self.url, {"reason": f"Anruf von {NAME}", "confirm_code": self.mentee.code}
        )
        self.assertContains(response, "Namen")
        self.assertFalse(Erasure.objects.exists())
        response = self.client.post(
            self.url,
            {"reason": "Antrag vom 01.12.", "confirm_code": self.mentee.code},
            follow=True,
        )
        self.assertContains(response, "gelöscht")
        self.assertContains(response, 'id="erased-notice"')
        self.assertNotContains(response, NAME)
        self.assertNotContains(response, "Stammdaten bearbeiten")

    def test_it_sends_a_second_erasure_back_with_a_message(self) -> None:
        erase_mentee(self.mentee, by=self.lena, source=REQUEST, reason="Antrag")
        self.client.force_login(self.lena)
        response = self.client.post(
            self.url,
            {"reason": "Antrag", "confirm_code": self.mentee.code},
            follow=True,
        )
        self.assertContains(response, "bereits gelöscht")
        self.assertEqual(Erasure.objects.count(), 1)

    def test_it_gives_404_to_another_projects_lead(self) -> None:
        other_lead = self.make_lead_of(self.project_b)
        self.client.force_login(other_lead)
        response = self.client.post(
            self.url, {"reason": "x", "confirm_code": self.mentee.code}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Erasure.objects.exists())

    def test_it_locks_the_erased_mentees_forms(self) -> None:
        erase_mentee(self.mentee, by=self.lena, source=REQUEST, reason="Antrag")
        self.client.force_login(self.alice)
        meeting = Meeting.objects.get(case__mentee=self.mentee)
        response = self.client.get(reverse("cases:meeting_edit", args=[meeting.pk]))
        self.assertEqual(response.status_code, 404)
        response = self.client.post(
            reverse("cases:mentee_edit", args=[self.mentee.pk]), {"first_name": NAME}
        )
        self.assertContains(response, "gelöscht")
        self.mentee.refresh_from_db()
        self.assertEqual(self.mentee.first_name, "")

    def test_it_shows_erased_where_the_name_was(self) -> None:
        erase_mentee(self.mentee, by=self.lena, source=REQUEST, reason="Antrag")
        self.client.force_login(self.alice)
        response = self.client.get(reverse("cases:mentee_list"))
        self.assertRegex(
            response.content.decode(),
            rf"{self.mentee.code}</a></td>\s*<td>\s*<a [^>]*>gelöscht</a>",
        )
        self.assertNotContains(response, "<td>, </td>")
        response = self.client.get(reverse("home"))
        self.assertContains(response, f"gelöscht ({self.mentee.code})")
        self.client.force_login(self.root)
        response = self.client.get(reverse("admin:cases_mentee_changelist"))
        self.assertContains(response, "gelöscht")

    def make_lead_of(self, project: object) -> object:
        return UserFactory(username="petra", role="project_lead", projects=[project])


class EraseCommandTestCase(BaseTestCase):
    def test_it_erases_and_prints_what_it_changed(self) -> None:
        mentee = mentee_with_texts(self.project_a, self.alice)
        out = StringIO()
        call_command(
            "erase_mentee", mentee.code, "--reason", "Antrag per Brief", stdout=out
        )
        self.assertIn(f"{mentee.code} erased", out.getvalue())
        self.assertIn("meeting: 1 (history versions: 1)", out.getvalue())
        self.assertTrue(Erasure.objects.filter(mentee=mentee, erased_by=None).exists())
        with self.assertRaisesMessage(CommandError, "bereits gelöscht"):
            call_command("erase_mentee", mentee.code, "--reason", "noch mal")

    def test_it_fails_on_an_unknown_code(self) -> None:
        with self.assertRaisesMessage(CommandError, "TN-NOPE"):
            call_command("erase_mentee", "TN-NOPE", "--reason", "x")
