"""One demo mentee: case dates within the cohort's windows, placements and
personal attributes that fit together (a Ukrainian arrives from 2022 on, a
trainee starts in August or September, a Duldung needs a work permit)."""

import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any

from cases.models import Case, Mentee, Placement, add_months
from demo import reference as ref
from demo.plan import EMPLOYMENT, QUALIFICATION, TRAINING, CaseSpec, Plan

DAYS = timedelta(days=1)
K = Placement.Kind
R = Placement.EndReason
UKRAINE_FROM = date(2022, 3, 1)


def rand_date(rng: random.Random, lo: date, hi: date) -> date:
    """A day in [lo, hi]; lo when the range is empty."""
    if hi <= lo:
        return lo
    return lo + rng.randint(0, (hi - lo).days) * DAYS


def first_of_next_month(day: date) -> date:
    return day if day.day == 1 else add_months(day.replace(day=1), 1)


def training_start(rng: random.Random, earliest: date) -> date:
    """German training years start on 1 August or 1 September."""
    month = 8 if rng.random() < 0.4 else 9
    start = date(earliest.year, month, 1)
    return start if start >= earliest else date(earliest.year + 1, month, 1)


_TABLES: dict[tuple, tuple[list, list]] = {}


def weighted(rng: random.Random, weights: dict) -> Any:
    """A key of `weights`, drawn with the given weights (cumulative sums cached)."""
    key = tuple(weights.items())
    table = _TABLES.get(key)
    if table is None:
        table = _TABLES[key] = (list(weights), list(accumulate(weights.values())))
    keys, cumulative = table
    return keys[bisect(cumulative, rng.random() * cumulative[-1])]


# ---------------------------------------------------------------------------
# Drafts: plain objects first, model instances once everything fits together


@dataclass(eq=False)
class PlacementDraft:
    kind: str
    start_on: date
    planned_end_on: date | None = None
    ended_on: date | None = None
    end_reason: str = ""
    weekly_hours: Decimal | None = None
    adequate: bool | None = None
    occupation: str = ""
    sector: str | None = None  # the WZ section the employer should have
    with_employer: bool = True
    # Prefer the employer of this placement (an internship before the job).
    follows: "PlacementDraft | None" = None
    employer: Any = None


@dataclass(eq=False)
class CaseDraft:
    spec: CaseSpec
    opened_on: date
    admitted_on: date | None
    closed_on: date | None
    main_start: date | None = None
    close_reason: str = ""
    placements: list[PlacementDraft] = field(default_factory=list)
    project: Any = None
    mentor: Any = None
    model: Any = None

    @property
    def status(self) -> str:
        if self.closed_on:
            return Case.Status.CLOSED
        if not self.admitted_on:
            return Case.Status.INTAKE
        if any(p.kind in Placement.FOLLOW_UP_KINDS for p in self.placements):
            return Case.Status.FOLLOW_UP
        return Case.Status.ACTIVE


@dataclass(eq=False)
class PersonDraft:
    cases: list[CaseDraft]
    gender: str = Mentee.Gender.MALE
    adequate: bool | None = None
    qualification: tuple[str, str, str] | None = None  # (abroad, German, sector)
    mentee: Any = None

    @property
    def outcome(self) -> str | None:
        return self.cases[-1].spec.outcome

    @property
    def first_day(self) -> date:
        return self.cases[0].admitted_on or self.cases[0].opened_on


# ---------------------------------------------------------------------------
# Case dates

TO_OUTCOME_DAYS = {EMPLOYMENT: (30, 420, 110), TRAINING: (45, 400, 150)}
TO_OUTCOME_DAYS[QUALIFICATION] = (30, 300, 90)
FOLLOW_UP_DAYS = {EMPLOYMENT: (90, 420), TRAINING: (150, 560), QUALIFICATION: (60, 300)}


def outcome_start(rng: random.Random, kind: str, earliest: date) -> date:
    if kind == TRAINING:
        return training_start(rng, earliest)
    if kind == QUALIFICATION or rng.random() < 0.65:
        return first_of_next_month(earliest)
    return earliest


def sample_case(
    rng: random.Random, plan: Plan, spec: CaseSpec, not_before: date | None = None
) -> CaseDraft:
    """Dates of one case that put it exactly into the spec's windows."""
    first = plan.window(spec.admitted_in)
    last = plan.window(spec.closed_in)
    final = plan.windows[-1]
    today = final.end
    lo = max(first.start, not_before) if not_before else first.start
    if not spec.admitted:
        opened = rand_date(rng, lo, first.end)
        closed = opened + rng.randint(3, 60) * DAYS
        return CaseDraft(
            spec,
            opened,
            None,
            None if closed > today else closed,
            close_reason="" if closed > today else Case.CloseReason.NOT_ADMITTED,
        )
    admitted = start = closed = None
    # Realistic durations first; a few narrow cohorts need the fallback below.
    # People admitted in the last months cannot have reached a placement yet,
    # so those without one are drawn towards today: admissions stay even.
    recent = first is final and not spec.outcome
    for _ in range(40):
        admitted = rand_date(rng, lo, first.end)
        if recent and rng.random() < 0.5:
            admitted = max(admitted, rand_date(rng, lo, first.end))
        if spec.outcome:
            low, high, mode = TO_OUTCOME_DAYS[spec.outcome]
            gap = round(rng.triangular(low, high, mode))
            start = outcome_start(rng, spec.outcome, admitted + gap * DAYS)
            if start not in plan.window(spec.outcome_in):
                continue
            closed = start + rng.randint(*FOLLOW_UP_DAYS[spec.outcome]) * DAYS
        else:
            closed = admitted + round(rng.triangular(60, 720, 200)) * DAYS
        if closed > today:
            if last is not final:
                continue
            closed = None
        elif closed not in last:
            continue
        break
    else:
        admitted, start, closed = _constructed_dates(rng, plan, spec, lo)
    # Most first conversations happen some days before the admission; never
    # before the programme (or the mentee's previous case) began.
    opened = admitted
    if rng.random() < 0.6:
        floor = not_before or plan.windows[0].start
        opened = max(admitted - rng.randint(1, 28) * DAYS, floor)
    return CaseDraft(spec, opened, admitted, closed, main_start=start)


def _constructed_dates(
    rng: random.Random, plan: Plan, spec: CaseSpec, lo: date
) -> tuple[date, date | None, date | None]:
    first = plan.window(spec.admitted_in)
    last = plan.window(spec.closed_in)
    start = None
    if spec.outcome:
        window = plan.window(spec.outcome_in)
        admitted = rand_date(rng, lo, max(lo, min(first.end, window.end - 21 * DAYS)))
        earliest = max(window.start, admitted + 14 * DAYS)
        start = outcome_start(rng, spec.outcome, earliest)
        if start not in window:
            start = rand_date(rng, earliest, window.end)
        c_lo = max(last.start, start + 30 * DAYS)
    else:
        admitted = rand_date(rng, lo, max(lo, min(first.end, last.end - 30 * DAYS)))
        c_lo = max(last.start, admitted + 60 * DAYS)
    if last is plan.windows[-1] and rng.random() < 0.5:
        return admitted, start, None
    return admitted, start, rand_date(rng, min(c_lo, last.end), last.end)


def close_reason(rng: random.Random, case: CaseDraft, returns: bool) -> str:
    reasons = Case.CloseReason
    if case.spec.outcome:
        weights = {
            reasons.GOAL_REACHED: 80,
            reasons.NO_CONTACT: 7,
            reasons.MOVED_AWAY: 7,
            reasons.ENDED_BY_MENTEE: 6,
        }
    elif returns:
        weights = {reasons.MOVED_AWAY: 4, reasons.NO_CONTACT: 3, reasons.OTHER: 1}
    else:
        weights = {
            reasons.NO_CONTACT: 30,
            reasons.ENDED_BY_MENTEE: 20,
            reasons.MOVED_AWAY: 20,
            reasons.OTHER: 10,
            reasons.GOAL_REACHED: 20,
        }
    return weighted(rng, weights)


# ---------------------------------------------------------------------------
# Placements


def _end(
    rng: random.Random,
    placement: PlacementDraft,
    known_until: date,
    dropout_rate: float,
    max_days: int,
) -> None:
    """Dropout, completion at the planned end, or still running (as far as known)."""
    ended, reason = None, ""
    if rng.random() < dropout_rate:
        ended = placement.start_on + round(rng.triangular(10, max_days, 60)) * DAYS
        reason = R.DROPOUT if rng.random() < 0.55 else R.TERMINATED_BY_EMPLOYER
    elif placement.planned_end_on:
        ended, reason = placement.planned_end_on, R.COMPLETED
    if ended and ended <= known_until:
        placement.ended_on, placement.end_reason = ended, reason


def main_placements(
    rng: random.Random, plan: Plan, person: PersonDraft, case: CaseDraft
) -> list[PlacementDraft]:
    """The cohort's placement, and after a dropout often a second one of the
    same kind in the same window (the person is counted once)."""
    kind, start = case.spec.outcome, case.main_start
    known_until = case.closed_on or plan.windows[-1].end
    first = make_main(rng, person, kind, start, known_until, dropout=True)
    drafts = [first]
    if first.end_reason in (R.DROPOUT, R.TERMINATED_BY_EMPLOYER) and rng.random() < 0.5:
        earliest = first.ended_on + rng.randint(21, 120) * DAYS
        again = outcome_start(rng, kind, earliest)
        if again in plan.window(case.spec.outcome_in) and again <= known_until:
            drafts.append(
                make_main(rng, person, kind, again, known_until, dropout=False)
            )
    return drafts


def make_main(
    rng: random.Random,
    person: PersonDraft,
    kind: str,
    start: date,
    known_until: date,
    dropout: bool,
) -> PlacementDraft:
    p = PlacementDraft(kind=kind, start_on=start)
    if kind == EMPLOYMENT:
        p.weekly_hours = Decimal(rng.choice([40, 40, 40, 39, 38, 35, 30, 25, 20]))
        p.adequate = person.adequate
        if person.adequate and person.qualification:
            p.occupation, p.sector = person.qualification[1], person.qualification[2]
        else:
            p.occupation, p.sector = rng.choice(ref.HELPER_JOBS)
        if rng.random() < 0.4:
            p.planned_end_on = add_months(start, rng.choice([12, 24])) - DAYS
        _end(rng, p, known_until, 0.16 if dropout else 0.0, 300)
    elif kind == TRAINING:
        p.weekly_hours = Decimal(rng.choice([40, 39, 38]))
        p.occupation, p.sector = rng.choice(ref.TRAINING_OCCUPATIONS)
        p.planned_end_on = add_months(start, rng.choice([36, 36, 36, 24, 42])) - DAYS
        _end(rng, p, known_until, 0.18 if dropout else 0.0, 540)
    else:
        p.occupation, p.sector = rng.choice(ref.QUALIFICATIONS)
        p.with_employer = rng.random() < 0.7
        p.weekly_hours = (
            Decimal(rng.choice([20, 30, 40])) if rng.random() < 0.7 else None
        )
        p.planned_end_on = add_months(start, rng.choice([3, 4, 6, 9, 12])) - DAYS
        _end(rng, p, known_until, 0.1 if dropout else 0.0, 200)
    return p


def side_placements(
    rng: random.Random, plan: Plan, case: CaseDraft
) -> list[PlacementDraft]:
    """Internships, entry qualifications, minijobs, self-employment: counted
    under their own kinds, never as employment, training or qualification."""
    drafts: list[PlacementDraft] = []
    if not case.admitted_on:
        return drafts
    today = plan.windows[-1].end
    known_until = case.closed_on or today
    main = next((p for p in case.placements), None)
    if main and main.kind == TRAINING and rng.random() < 0.25:
        start = first_of_next_month(main.start_on - rng.randint(180, 330) * DAYS)
        if start >= case.admitted_on + 14 * DAYS:
            eq = PlacementDraft(
                K.ENTRY_QUALIFICATION,
                start,
                planned_end_on=main.start_on - DAYS,
                occupation=f"Einstiegsqualifizierung {main.occupation}",
                sector=main.sector,
                weekly_hours=Decimal(40),
                follows=main,
            )
            if eq.planned_end_on <= known_until:
                eq.ended_on, eq.end_reason = eq.planned_end_on, R.COMPLETED
            drafts.append(eq)
    if main and main.kind in (EMPLOYMENT, TRAINING) and rng.random() < 0.25:
        start = main.start_on - rng.randint(30, 150) * DAYS
        if start >= case.admitted_on:
            ended = min(start + rng.randint(14, 42) * DAYS, main.start_on - DAYS)
            drafts.append(
                PlacementDraft(
                    K.INTERNSHIP,
                    start,
                    planned_end_on=ended,
                    ended_on=ended if ended <= known_until else None,
                    end_reason=R.COMPLETED if ended <= known_until else "",
                    occupation=f"Praktikum {main.occupation}",
                    sector=main.sector,
                    follows=main if rng.random() < 0.6 else None,
                )
            )
    if main is None and known_until > case.admitted_on + 45 * DAYS:
        start = rand_date(rng, case.admitted_on + 30 * DAYS, known_until)
        roll = rng.random()
        if roll < 0.15:
            ended = start + rng.randint(14, 42) * DAYS
            occupation, sector = rng.choice(ref.HELPER_JOBS)
            done = ended <= known_until
            drafts.append(
                PlacementDraft(
                    K.INTERNSHIP,
                    start,
                    planned_end_on=ended,
                    ended_on=ended if done else None,
                    end_reason=R.COMPLETED if done else "",
                    occupation=f"Praktikum {occupation}",
                    sector=sector,
                )
            )
        elif roll < 0.27:
            occupation, sector = rng.choice(ref.HELPER_JOBS)
            p = PlacementDraft(
                K.MARGINAL_EMPLOYMENT,
                start,
                weekly_hours=Decimal(rng.choice([6, 8, 10, 12])),
                occupation=occupation,
                sector=sector,
                with_employer=rng.random() < 0.9,
            )
            ended = start + rng.randint(60, 400) * DAYS
            if rng.random() < 0.5 and ended <= known_until:
                p.ended_on, p.end_reason = ended, R.OTHER
            drafts.append(p)
        elif roll < 0.285:
            drafts.append(
                PlacementDraft(
                    K.SELF_EMPLOYMENT,
                    start,
                    weekly_hours=Decimal(40),
                    occupation=f"Selbstständig: {rng.choice(ref.SELF_EMPLOYMENTS)}",
                    with_employer=False,
                )
            )
    return drafts


# ---------------------------------------------------------------------------
# Personal attributes


def transliterate(name: str, russian: bool) -> str:
    table = ref.CYRILLIC_TO_LATIN
    out = []
    for char in name:
        upper = char.upper()
        latin = table.get(upper, char)
        if russian and upper in "ГИ":
            latin = {"Г": "G", "И": "I"}[upper]
        out.append(latin if char == upper else latin.lower())
    return "".join(out)


def person_name(
    rng: random.Random, fakers: dict, country: str, female: bool
) -> tuple[str, str]:
    source = ref.NAME_SOURCE.get(country, "de_DE")
    if isinstance(source, dict):
        first = rng.choice(source["female" if female else "male"])
        return first, rng.choice(source["last"])
    faker = fakers[source]
    if female:
        first, last = faker.first_name_female(), faker.last_name_female()
    else:
        first, last = faker.first_name_male(), faker.last_name_male()
    if source in ("uk_UA", "ru_RU"):
        first = transliterate(first, source == "ru_RU")
        last = transliterate(last, source == "ru_RU")
    return first, last


UNIVERSITY = {
    "Bauingenieur",
    "Lehrer/in",
    "Informatiker/in",
    "Apotheker/in",
    "Arzt/Ärztin",
    "Maschinenbauingenieur/in",
}
RESIDENCE = Mentee.ResidenceStatus
PURPOSE = Mentee.ResidencePurpose
PERMIT = Mentee.WorkPermit


def residence(rng: random.Random, country: str, day: date) -> tuple[str, str, str]:
    """(status, purpose, work permit) typical for the country at that time."""
    if country in ("PL", "RO"):
        return RESIDENCE.EU_FREE_MOVEMENT, "", PERMIT.NOT_NEEDED
    if country == "UA":
        status = weighted(
            rng, {RESIDENCE.RESIDENCE_PERMIT: 85, RESIDENCE.FICTION_CERTIFICATE: 15}
        )
        purpose = PURPOSE.HUMANITARIAN if status == RESIDENCE.RESIDENCE_PERMIT else ""
        return status, purpose, PERMIT.GRANTED
    weights = {
        RESIDENCE.RESIDENCE_PERMIT: 55,
        RESIDENCE.PERMISSION_TO_RESIDE: 20,
        RESIDENCE.TOLERATION: 10,
        RESIDENCE.FICTION_CERTIFICATE: 5,
        RESIDENCE.SETTLEMENT_PERMIT: 3 + max(0, day.year - 2018) * 2,
        RESIDENCE.UNKNOWN: 2,
    }
    if country in ("SY", "ER"):
        weights[RESIDENCE.RESIDENCE_PERMIT] = 80
        weights[RESIDENCE.TOLERATION] = 2
    status = weighted(rng, weights)
    purpose = ""
    if status == RESIDENCE.RESIDENCE_PERMIT:
        purpose = weighted(
            rng,
            {
                PURPOSE.HUMANITARIAN: 80,
                PURPOSE.FAMILY: 10,
                PURPOSE.EMPLOYMENT: 5,
                PURPOSE.TRAINING: 3,
                PURPOSE.OTHER: 2,
            },
        )
    permit = {
        RESIDENCE.SETTLEMENT_PERMIT: PERMIT.NOT_NEEDED,
        RESIDENCE.RESIDENCE_PERMIT: PERMIT.GRANTED,
        RESIDENCE.UNKNOWN: PERMIT.UNKNOWN,
    }.get(status)
    if permit is None:
        permit = weighted(
            rng, {PERMIT.GRANTED: 55, PERMIT.PENDING: 30, PERMIT.REFUSED: 15}
        )
    return status, purpose, permit


def arrival_year(rng: random.Random, country: str, born: int, day: date) -> int:
    table = ref.ARRIVAL_YEARS.get(country, ref.ARRIVAL_YEARS["DEFAULT"])
    years = {y: w for y, w in table.items() if born + 1 <= y <= day.year}
    return weighted(rng, years) if years else day.year


def german_level(rng: random.Random, years_here: int) -> str:
    """The CEFR level at entry: about one level per two years in Germany."""
    if rng.random() < 0.02:
        return "unknown"
    levels = ["none", "A1", "A2", "B1", "B2", "C1"]
    index = min(max(0, years_here // 2 + rng.randint(-1, 1)), 4)
    if index == 4 and rng.random() < 0.15:
        index = 5
    return levels[index]


def make_mentee(
    rng: random.Random,
    fakers: dict,
    person: PersonDraft,
    region: Any,
    code: str,
) -> Mentee:
    """The person behind the cases, consistent with their history."""
    first_day = person.first_day
    female = person.gender == Mentee.Gender.FEMALE
    table = (
        ref.COUNTRIES_BEFORE_2022
        if first_day < UKRAINE_FROM
        else ref.COUNTRIES_FROM_2022
    )
    country = weighted(rng, table["female" if female else "male"])
    nationality = country
    if country == "DE":  # German citizens with a migration background
        country = rng.choice(["KZ", "RU", "TR"])
        nationality = "DE"
    elif country == "SY" and rng.random() < 0.03:
        nationality = ""  # stateless (Palestinians from Syria)
    first, last = person_name(rng, fakers, country, female)
    if person.outcome == TRAINING:
        age = round(rng.triangular(17, 34, 21))
    else:
        age = round(rng.triangular(18, 58, 29))
    born = first_day - timedelta(days=age * 365 + rng.randint(0, 364))
    if nationality == "DE":
        status, purpose, permit = RESIDENCE.GERMAN, "", PERMIT.NOT_NEEDED
        arrival = rng.choice([None, rng.randint(max(born.year, 1992), 2012)])
    else:
        status, purpose, permit = residence(rng, country, first_day)
        arrival = arrival_year(rng, country, born.year, first_day)
    if person.outcome in (EMPLOYMENT, TRAINING) and permit in (PERMIT.REFUSED,):
        permit = PERMIT.GRANTED
    qualification = person.qualification
    if qualification:
        isced = rng.choice("67") if qualification[0] in UNIVERSITY else rng.choice("34")
        recognition = weighted(
            rng,
            {"advice_given": 30, "applied": 20, "full": 20, "partial": 20, "none": 10},
        )
    else:
        isced = weighted(rng, {"0": 5, "1": 15, "2": 30, "3": 35, "unknown": 15})
        recognition = "not_relevant"
    phone = ""
    if rng.random() < 0.85:
        prefix = rng.choice(["151", "152", "157", "160", "162", "170", "176", "178"])
        phone = f"0{prefix} {rng.randint(1000000, 99999999)}"
    email = ""
    if rng.random() < 0.4:
        local = transliterate(f"{first}.{last}", False).lower()
        local = "".join(c for c in local if c.isascii() and (c.isalnum() or c == "."))
        email = f"{local}{rng.randint(1, 99)}@example.org"
    postcode, _city = rng.choice(ref.PLACES[region.key])
    return Mentee(
        code=code,
        first_name=first,
        last_name=last,
        date_of_birth=born,
        gender=person.gender,
        country_of_origin=country,
        nationality=nationality,
        residence_status=status,
        residence_purpose=purpose,
        work_permit=permit,
        arrival_year=arrival,
        german_level=german_level(rng, first_day.year - (arrival or born.year + 6)),
        education_level=isced,
        foreign_qualification=qualification[0] if qualification else "",
        recognition_status=recognition,
        labour_market_status=weighted(
            rng,
            {
                "unemployed": 60,
                "inactive": 14,
                "employed": 8,
                "in_education": 13,
                "unknown": 5,
            },
        ),
        agency=weighted(rng, {"jobcenter": 66, "agentur": 20, "none": 9, "unknown": 5}),
        region=region,
        postcode=postcode,
        phone=phone,
        email=email,
        notes=rng.choice(ref.MENTEE_NOTES),
    )
