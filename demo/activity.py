"""What happens in a case: meetings (Kontakte) and the integration agreement's
steps, consistent with the case's dates, the mentee and their placement."""

import random
from datetime import date

from cases.models import IntegrationStep, Meeting
from demo import reference as ref
from demo.people import DAYS, CaseDraft, PersonDraft, weighted
from demo.plan import TRAINING

MeetingTopic = Meeting.Topic


def meetings(
    rng: random.Random, today: date, person: PersonDraft, case: CaseDraft
) -> list[tuple]:
    """The meetings of a case, as tuples of Meeting fields (see Builder.write):
    every two to six weeks, less often once a placement has started."""
    rows = []
    end = case.closed_on or today
    if case.closed_on is None and case.admitted_on and rng.random() < 0.08:
        # Some open cases have gone quiet: the start page lists them.
        end = max(case.opened_on, today - rng.randint(31, 100) * DAYS)
    dates = [case.opened_on]
    if case.admitted_on:
        day = case.admitted_on
        dates.append(day)
        while len(dates) < 40:
            following = case.main_start is not None and day >= case.main_start
            gap = rng.randint(28, 84) if following else rng.randint(10, 42)
            day += gap * DAYS
            if day > end:
                break
            dates.append(day)
        if case.main_start and case.main_start + 3 * DAYS <= end:
            dates.append(min(case.main_start + rng.randint(3, 14) * DAYS, end))
        if case.closed_on and rng.random() < 0.6:
            dates.append(case.closed_on)
    elif case.closed_on and rng.random() < 0.5:
        dates.append(case.closed_on)
    dates = sorted(set(dates))
    mentee = person.mentee
    T = MeetingTopic
    before = [T.JOB_SEARCH, T.APPLICATION_DOCUMENTS, T.OTHER]
    if person.qualification:
        before.append(T.RECOGNITION)
    if mentee.german_level in ("none", "A1", "A2"):
        before.append(T.LANGUAGE_COURSE)
    if mentee.work_permit in ("pending", "refused"):
        before.append(T.RESIDENCE_LAW)
    after = [T.WORKPLACE, T.WORKPLACE, T.OTHER]
    if person.outcome == TRAINING:
        after += [T.TRAINING_SUPPORT, T.TRAINING_SUPPORT]
    last = len(dates) - 1
    for number, day in enumerate(dates):
        following = case.main_start is not None and day >= case.main_start
        topics = [rng.choice(after if following else before)]
        if rng.random() < 0.35:
            extra = rng.choice(after if following else before)
            if extra not in topics:
                topics.append(extra)
        channel = weighted(
            rng, {"in_person": 60, "phone": 25, "video": 5, "message": 10}
        )
        duration = rng.choice(
            {
                "in_person": [45, 60, 60, 90, 30, 120],
                "phone": [10, 15, 20, 30],
                "video": [30, 45, 60],
                "message": [5, 10],
            }[channel]
        )
        with_whom = "mentee"
        if number:
            with_whom = weighted(
                rng,
                {
                    "mentee": 78,
                    "employer": 20 if following else 5,
                    "job_centre": 7,
                    "immigration_office": 3,
                    "school": 10 if following and person.outcome == TRAINING else 3,
                    "other": 3,
                },
            )
        open_end = case.closed_on is None and number == last
        step, due, done = "", None, False
        if rng.random() < (0.9 if open_end else 0.5):
            step = rng.choice(ref.NEXT_STEPS)
            due = day + rng.randint(3, 28) * DAYS
            # Open cases keep their last next step open, and now and then
            # a recent one that was not ticked off.
            forgotten = (
                case.closed_on is None
                and day > today - 120 * DAYS
                and rng.random() < 0.04
            )
            done = not open_end and not forgotten
        notes = rng.choice(ref.MEETING_NOTES[topics[0]]) if rng.random() < 0.85 else ""
        if number == 0:
            notes = "Erstgespräch: Situation, Ziele und Unterlagen besprochen."
        rows.append(
            (
                case,
                day,
                duration,
                channel,
                with_whom,
                topics,
                notes,
                step,
                due,
                done,
            )
        )
    return rows


def steps(
    rng: random.Random, today: date, person: PersonDraft, case: CaseDraft
) -> list[tuple]:
    """The integration agreement of an admitted case, as tuples of fields."""
    rows = []
    mentee = person.mentee
    kinds = []
    if mentee.german_level in ("none", "A1", "A2"):
        kinds.append(IntegrationStep.Kind.LANGUAGE_COURSE)
    if person.qualification:
        kinds.append(IntegrationStep.Kind.RECOGNITION)
    if rng.random() < 0.7:
        kinds.append(IntegrationStep.Kind.DOCUMENTS)
    if rng.random() < 0.8:
        kinds.append(IntegrationStep.Kind.APPLICATION)
    if mentee.work_permit in ("pending", "refused"):
        kinds.append(IntegrationStep.Kind.WORK_PERMIT)
    if case.spec.outcome == TRAINING:
        kinds.append(IntegrationStep.Kind.TRAINING_SEARCH)
    elif rng.random() < 0.25:
        kinds.append(IntegrationStep.Kind.INTERNSHIP)
    if rng.random() < 0.1 or len(kinds) < 2:
        kinds.append(IntegrationStep.Kind.OTHER)
    kinds = kinds[:5]
    known = case.closed_on or today
    dues = sorted(case.admitted_on + rng.randint(14, 240) * DAYS for _ in kinds)
    if case.closed_on is None:
        # Something due around today, so the start page has work to show.
        dues[-1] = max(today + rng.randint(-20, 40) * DAYS, case.admitted_on)
    for kind, due in zip(kinds, dues, strict=True):
        done = None
        # Steps long past are mostly done; in closed cases some never were.
        chance = 0.85 if case.closed_on or due > known - 90 * DAYS else 0.98
        if due <= known - 7 * DAYS and rng.random() < chance:
            done = min(max(due + rng.randint(-14, 21) * DAYS, case.admitted_on), known)
        responsible = weighted(
            rng, {"mentee": 50, "mentor": 20, "both": 25, "other": 5}
        )
        description = rng.choice(ref.STEP_DESCRIPTIONS[kind])
        rows.append((case, kind, description, responsible, due, done))
    return rows
