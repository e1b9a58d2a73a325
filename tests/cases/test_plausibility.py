"""Plausibility rules of cases/validators.py and the models' clean()."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases.models import Meeting, Mentee
from cases.validators import NOTES_MAX_LENGTH
from tests.factories import CaseFactory, MenteeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2024, 6, 1, 10, 0, tzinfo=datetime.UTC)):
        yield


def _errors(obj) -> dict:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return exc.value.message_dict


def test_meeting_after_case_closed_is_refused():
    case = CaseFactory(closed_on=datetime.date(2024, 3, 1))
    meeting = Meeting(case=case, date=datetime.date(2024, 3, 2))
    assert "01.03.2024" in _errors(meeting)["date"][0]


def test_meeting_on_closing_day_is_accepted():
    case = CaseFactory(closed_on=datetime.date(2024, 3, 1))
    Meeting(case=case, date=datetime.date(2024, 3, 1)).full_clean(
        exclude=["created_by"]
    )


def test_meeting_before_case_opened_is_refused():
    case = CaseFactory()
    meeting = Meeting(case=case, date=case.opened_on - datetime.timedelta(days=1))
    assert "date" in _errors(meeting)


def test_next_step_due_before_its_meeting_is_refused():
    case = CaseFactory()
    meeting = Meeting(
        case=case,
        date=datetime.date(2024, 5, 10),
        next_step="Bewerbung schicken",
        next_step_due_on=datetime.date(2024, 5, 9),
    )
    assert "next_step_due_on" in _errors(meeting)
    meeting.next_step_due_on = datetime.date(2024, 5, 10)
    meeting.full_clean(exclude=["created_by"])


@pytest.mark.parametrize("char", ["\u202a", "\u202e", "\u2066", "\u2069"])
def test_bidi_controls_in_names_are_refused(char):
    mentee = MenteeFactory.build(project=MenteeFactory().project)
    mentee.first_name = f"Ali{char}"
    mentee.last_name = f"{char}Hassan"
    errors = _errors(mentee)
    assert "first_name" in errors
    assert "last_name" in errors


def test_names_in_other_scripts_pass():
    mentee = MenteeFactory()
    mentee.first_name = "علي"
    mentee.last_name = "Ünal"
    mentee.full_clean()


def test_free_text_longer_than_the_limit_is_refused_in_german():
    from django.utils import translation

    mentee = MenteeFactory()
    mentee.notes = "x" * (NOTES_MAX_LENGTH + 1)
    with translation.override("de"):
        message = _errors(mentee)["notes"][0]
    assert "höchstens 5000 Zeichen" in message
    mentee.notes = "x" * NOTES_MAX_LENGTH
    mentee.full_clean()


def test_erased_mentee_still_validates():
    mentee = MenteeFactory()
    Mentee.objects.filter(pk=mentee.pk).update(first_name="", last_name="")
    mentee.refresh_from_db()
    mentee.full_clean(exclude=["first_name", "last_name"])
