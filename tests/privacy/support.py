"""A mentee with a name in every free-text field, for the erasure tests."""

import datetime

from cases.models import Case, Mentee
from tests.factories import (
    CaseFactory,
    EmployerConsultationFactory,
    IntegrationStepFactory,
    MeetingFactory,
    MenteeFactory,
    PlacementFactory,
)

NAME = "Zenobia"
SURNAME = "Quartermaine"


def mentee_with_texts(project: object, mentor: object) -> Mentee:
    """Closed case, meetings, steps, placement, consultation: the name in each."""
    mentee = MenteeFactory(
        project=project,
        first_name=NAME,
        last_name=SURNAME,
        date_of_birth=datetime.date(1994, 2, 14),
        phone="0351 123456",
        email="zenobia@example.org",
        postcode="09111",
        notes=f"{NAME} hat zwei Kinder.",
        foreign_qualification=f"Diplom von {SURNAME}",
        nationality="SY",
    )
    case = CaseFactory(
        mentee=mentee,
        mentor=mentor,
        opened_on=datetime.date(2023, 2, 1),
        closed_on=datetime.date(2024, 6, 30),
        close_note=f"{NAME} zieht nach Leipzig.",
    )
    MeetingFactory(
        case=case,
        date=datetime.date(2023, 3, 1),
        notes=f"Gespräch mit {NAME} {SURNAME}",
        next_step=f"{SURNAME} schickt Lebenslauf",
        created_by=mentor,
    )
    IntegrationStepFactory(case=case, description=f"Kurs für {NAME}")
    placement = PlacementFactory(
        case=case,
        start_on=datetime.date(2023, 9, 1),
        ended_on=datetime.date(2024, 6, 1),
        end_reason="completed",
        occupation=f"Helferin bei {SURNAME}",
    )
    EmployerConsultationFactory(
        employer=placement.employer,
        project=project,
        mentor=mentor,
        mentee=mentee,
        notes=f"Über {NAME}",
    )
    return mentee


def touch_everything(mentee: Mentee) -> None:
    """Save each row once more, so the history holds two versions of each."""
    mentee.notes += " Mehr über Zenobia."
    mentee.save()
    for case in Case.objects.filter(mentee=mentee):
        case.save()
        for related in (case.meetings, case.steps, case.placements):
            for obj in related.all():
                obj.save()
