"""Turn a plan into rows: mentees, cases, placements, employers, consultations,
meetings and integration steps, written with bulk_create.

Everything random comes from one `random.Random(seed)` and Faker instances
seeded from it, so the same seed gives the same data.
"""

import random
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from itertools import accumulate

from django.contrib.auth.models import User
from faker import Faker

from cases.models import (
    Case,
    IntegrationStep,
    Meeting,
    Mentee,
    Placement,
    Project,
    Region,
)
from demo import reference as ref
from demo.activity import meetings, steps
from demo.people import (
    DAYS,
    CaseDraft,
    PersonDraft,
    close_reason,
    main_placements,
    make_mentee,
    rand_date,
    sample_case,
    side_placements,
    weighted,
)
from demo.plan import EMPLOYMENT, QUALIFICATION, TRAINING, Plan, Window
from employers.models import (
    ContactPerson,
    Employer,
    EmployerConsultation,
    normalize_employer_name,
)
from privacy.consent import current_text
from privacy.models import Consent

BATCH = 2000
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SIZE_WEIGHT = {"1-9": 1, "10-49": 2, "50-249": 4, "250+": 7}


class Builder:
    """Builds one plan's data in memory, checks it, then writes it."""

    def __init__(
        self,
        plan: Plan,
        *,
        seed: int,
        projects: list[Project],
        members: dict[int, list[User]],
        taken_codes: Iterable[str] = (),
        region_keys: dict[str, list[str]] | None = None,
    ) -> None:
        self.plan = plan
        # bandit: demo data, not security
        self.rng = random.Random(seed)  # nosec B311
        self.code_rng = random.Random(-seed)  # nosec B311
        self.taken_codes = taken_codes
        # Per project name, the districts its mentees live in.
        self.region_keys = region_keys or {
            name: list(keys) for name, _carrier, keys, _size in ref.PROJECTS
        }
        self.today = plan.windows[-1].end
        self.fakers = {}
        for index, locale in enumerate(sorted({"de_DE", *ref.NAME_SOURCE_LOCALES})):
            faker = Faker(locale)
            faker.seed_instance(seed * 100 + index)
            self.fakers[locale] = faker
        self.projects = projects
        self.members = members
        self.project_weights = [len(members[i]) or 1 for i in range(len(projects))]
        self.regions = {r.key: r for r in Region.objects.all()}
        self.persons: list[PersonDraft] = []
        self.employers: list[Employer] = []
        self.active: list[tuple[str, ...]] = []
        self.contacts: list[ContactPerson] = []
        self.consultations: list[EmployerConsultation] = []
        self.meetings: list[tuple] = []
        self.steps: list[tuple] = []

    # -- the steps, in order ------------------------------------------------

    def build(self) -> None:
        self.sample_people()
        self.assign_genders()
        self.assign_qualifications()
        self.make_mentees_and_cases()
        self.make_placements()
        self.make_employers()
        self.assign_employers()
        self.make_consultations()
        for person in self.persons:
            for case in person.cases:
                # Model instances are made in write(), once the case has its id.
                self.meetings += meetings(self.rng, self.today, person, case)
                if case.admitted_on:
                    self.steps += steps(self.rng, self.today, person, case)

    def sample_people(self) -> None:
        rng = self.rng
        for cohort in self.plan.cohorts:
            for _ in range(cohort.count):
                cases: list[CaseDraft] = []
                not_before = None
                for spec in cohort.cases:
                    case = sample_case(rng, self.plan, spec, not_before)
                    cases.append(case)
                    if case.closed_on:
                        not_before = case.closed_on + rng.randint(180, 400) * DAYS
                self.persons.append(PersonDraft(cases))
        # Lower ids for earlier mentees, as in a real database.
        self.persons.sort(key=lambda p: p.cases[0].opened_on)

    def overlaps(self, person: PersonDraft, window: Window) -> bool:
        return any(
            c.admitted_on
            and c.admitted_on <= window.end
            and (c.closed_on is None or c.closed_on >= window.start)
            for c in person.cases
        )

    def assign_genders(self) -> None:
        rng = self.rng
        gender = Mentee.Gender
        others = {gender.MALE: 97, gender.DIVERSE: 1, gender.NOT_STATED: 2}
        exact: set[int] = set()
        for key, women in self.plan.women.items():
            window = self.plan.window(key)
            pool = [p for p in self.persons if self.overlaps(p, window)]
            chosen = set(map(id, rng.sample(pool, women)))
            for person in pool:
                if id(person) in exact:
                    continue
                exact.add(id(person))
                person.gender = (
                    gender.FEMALE if id(person) in chosen else weighted(rng, others)
                )
        for person in self.persons:
            if id(person) not in exact:
                female = rng.random() < self.plan.female_share
                person.gender = gender.FEMALE if female else weighted(rng, others)

    def assign_qualifications(self) -> None:
        """Exactly the planned share of each window's employment starts is
        qualification-adequate: a skilled job for the qualified, a helper job
        for those without a vocational qualification."""
        rng = self.rng
        groups: dict[str, list[PersonDraft]] = defaultdict(list)
        for person in self.persons:
            if person.outcome == EMPLOYMENT:
                groups[person.cases[-1].spec.outcome_in].append(person)
        for key, group in groups.items():
            adequate = round(self.plan.adequate_share.get(key, 0.8) * len(group))
            rng.shuffle(group)
            for index, person in enumerate(group):
                person.adequate = index < adequate
        for person in self.persons:
            if person.adequate is False:
                qualified = True  # a qualified person in a helper job
            elif person.adequate:
                qualified = rng.random() < 0.45
            else:
                qualified = rng.random() < 0.35
            if qualified:
                person.qualification = rng.choice(ref.QUALIFIED)

    def make_mentees_and_cases(self) -> None:
        rng = self.rng
        codes = set(self.taken_codes)
        indexes = range(len(self.projects))
        for person in self.persons:
            index = rng.choices(indexes, weights=self.project_weights)[0]
            for number, case in enumerate(person.cases):
                if number and rng.random() < 0.5:  # moved: another project
                    index = rng.choices(indexes, weights=self.project_weights)[0]
                case.project = self.projects[index]
                team = self.members[index]
                # The lead (first) carries fewer cases than the mentors.
                weights = [1] + [2] * (len(team) - 1)
                case.mentor = rng.choices(team, weights=weights)[0]
                if case.closed_on:
                    case.close_reason = case.close_reason or close_reason(
                        rng, case, returns=number < len(person.cases) - 1
                    )
            project = person.cases[-1].project
            region_key = rng.choice(self.region_keys[project.name])
            code = self.new_code(codes)
            person.mentee = make_mentee(
                rng, self.fakers, person, self.regions[region_key], code
            )
            person.mentee.project = project
            for case in person.cases:
                case.model = Case(
                    mentee=person.mentee,
                    project=case.project,
                    mentor=case.mentor,
                    opened_on=case.opened_on,
                    admitted_on=case.admitted_on,
                    closed_on=case.closed_on,
                    close_reason=case.close_reason,
                    close_note=(
                        "Abschlussgespräch geführt."
                        if case.closed_on and rng.random() < 0.2
                        else ""
                    ),
                )

    def new_code(self, codes: set[str]) -> str:
        # A generator of its own: codes taken by other mentees must not shift
        # the random numbers of everything else.
        while True:
            code = "TN-" + "".join(self.code_rng.choices(CODE_ALPHABET, k=6))
            if code not in codes:
                codes.add(code)
                return code

    def make_placements(self) -> None:
        for person in self.persons:
            for case in person.cases:
                if case.spec.outcome:
                    case.placements = main_placements(self.rng, self.plan, person, case)
                case.placements += side_placements(self.rng, self.plan, case)
                case.model.status = case.status

    # -- employers -----------------------------------------------------------

    def make_employers(self) -> None:
        rng = self.rng
        faker = self.fakers["de_DE"]
        names: set[str] = set()
        sectors = ref.SECTOR_WEIGHTS
        for keys, count in self.plan.employers:
            for _ in range(count):
                sector = weighted(rng, sectors)
                index = rng.choices(range(len(self.projects)), self.project_weights)[0]
                region_key = rng.choice(self.region_keys[self.projects[index].name])
                postcode, city = rng.choice(ref.PLACES[region_key])
                templates = ref.EMPLOYER_NAMES[sector]
                for attempt in range(8):
                    # A town has one Klinikum: after a few clashes, take a
                    # template with a surname.
                    if attempt == 4:
                        templates = [t for t in templates if "{name}" in t[0]]
                    template, size = rng.choice(templates)
                    name = template.format(name=faker.last_name(), place=city)
                    if normalize_employer_name(name) not in names:
                        break
                names.add(normalize_employer_name(name))
                employer = Employer(
                    name=name,
                    name_normalized=normalize_employer_name(name),
                    sector=sector,
                    size_class=weighted(rng, ref.SIZES[size]),
                    street=f"{faker.street_name()} {rng.randint(1, 120)}",
                    postcode=postcode,
                    city=city,
                    region=self.regions[region_key],
                )
                self.employers.append(employer)
                self.active.append(keys)
                for _ in range(1 if rng.random() < 0.7 else 2):
                    first, last = faker.first_name(), faker.last_name()
                    local = normalize_employer_name(f"{first}.{last}").replace(" ", ".")
                    self.contacts.append(
                        ContactPerson(
                            employer=employer,
                            name=f"{first} {last}",
                            position=rng.choice(ref.CONTACT_POSITIONS),
                            phone=faker.phone_number(),
                            email=f"{local}@example.com",
                        )
                    )

    def assign_employers(self) -> None:
        """Each placement gets an employer active in the window it starts in,
        preferably of the right sector and in the mentee's district."""
        rng = self.rng
        pools: dict[tuple, list[int]] = defaultdict(list)
        for index, (employer, keys) in enumerate(
            zip(self.employers, self.active, strict=True)
        ):
            region = employer.region.key
            for key in keys:
                for pool in (
                    (key,),
                    (key, "sector", employer.sector),
                    (key, "region", region),
                    (key, employer.sector, region),
                ):
                    pools[pool].append(index)
        weights = {
            pool: list(
                accumulate(SIZE_WEIGHT[self.employers[i].size_class] for i in members)
            )
            for pool, members in pools.items()
        }
        position = {id(e): i for i, e in enumerate(self.employers)}
        wanted = [
            (person, placement)
            for person in self.persons
            for case in person.cases
            for placement in case.placements
            if placement.with_employer
        ]
        # Main placements first: internships may go to the same employer.
        wanted.sort(key=lambda pair: pair[1].follows is not None)
        for person, placement in wanted:
            window = self.plan.window_of(placement.start_on)
            if window is None:
                raise RuntimeError(f"Placement outside the plan: {placement}")
            key = window.key
            before = placement.follows
            if (
                before is not None
                and before.employer is not None
                and key in self.active[position[id(before.employer)]]
                and rng.random() < 0.7
            ):
                placement.employer = before.employer
                continue
            sector, region = placement.sector, person.mentee.region.key
            # Mostly the right sector, often nearby; now and then anything.
            roll = rng.random()
            if roll < 0.6:
                options = [(key, sector, region), (key, "sector", sector)]
            elif roll < 0.92:
                options = [(key, "sector", sector), (key, "region", region)]
            else:
                options = [(key, "region", region)]
            options.append((key,))
            pool = next(p for p in options if pools.get(p))
            index = rng.choices(pools[pool], cum_weights=weights[pool])[0]
            placement.employer = self.employers[index]

    def make_consultations(self) -> None:
        """Consultations around placements, and at least one in every window an
        employer is active in without a placement."""
        rng = self.rng
        covered: set[tuple[int, str]] = set()
        Topic = EmployerConsultation.Topic
        for person in self.persons:
            for case in person.cases:
                for placement in case.placements:
                    employer = placement.employer
                    if employer is None:
                        continue
                    window = self.plan.window_of(placement.start_on)
                    covered.add((id(employer), window.key))
                    if rng.random() < 0.4:
                        day = placement.start_on - rng.randint(0, 21) * DAYS
                        day = max(day, window.start, case.opened_on)
                        topic = (
                            Topic.TRAINING
                            if placement.kind == TRAINING
                            else weighted(
                                rng,
                                {
                                    Topic.RECRUITMENT: 5,
                                    Topic.WORK_PERMIT: 2,
                                    Topic.FUNDING: 2,
                                    Topic.RECOGNITION: 1,
                                },
                            )
                        )
                        # Only the mentee's current project may name them.
                        about = person.mentee if case is person.cases[-1] else None
                        self.consult(
                            employer, case.project, case.mentor, day, topic, about
                        )
                    if rng.random() < 0.08:
                        day = placement.start_on + rng.randint(20, 150) * DAYS
                        if day in window:
                            topic = rng.choice([Topic.ONBOARDING, Topic.CONFLICT])
                            self.consult(
                                employer, case.project, case.mentor, day, topic
                            )
        by_region = defaultdict(list)
        for index, project in enumerate(self.projects):
            for key in self.region_keys[project.name]:
                by_region[key].append(index)
        for employer, keys in zip(self.employers, self.active, strict=True):
            for key in keys:
                window = self.plan.window(key)
                count = 0 if (id(employer), key) in covered else 1
                count += (rng.random() < 0.3) + (rng.random() < 0.1)
                for _ in range(count):
                    index = rng.choice(by_region[employer.region.key])
                    mentor = rng.choice(self.members[index])
                    topic = weighted(
                        rng,
                        {
                            Topic.RECRUITMENT: 8,
                            Topic.WORK_PERMIT: 3,
                            Topic.FUNDING: 3,
                            Topic.TRAINING: 3,
                            Topic.RECOGNITION: 2,
                            Topic.ONBOARDING: 2,
                            Topic.OTHER: 1,
                        },
                    )
                    day = rand_date(rng, window.start, window.end)
                    self.consult(employer, self.projects[index], mentor, day, topic)

    def consult(
        self,
        employer: Employer,
        project: Project,
        mentor: User,
        day: date,
        topic: str,
        about: Mentee | None = None,
    ) -> None:
        self.consultations.append(
            EmployerConsultation(
                employer=employer,
                project=project,
                mentor=mentor,
                date=day,
                topic=topic,
                notes=ref.CONSULTATION_NOTES[topic],
                mentee=about,
            )
        )

    # -- check and write -----------------------------------------------------

    def figures(self, start: date, end: date) -> dict[str, int]:
        """DESIGN.md's figures of the built data, computed in Python: a check
        of the generator independent of the reports.statistics package."""
        participants = {
            id(p.mentee)
            for p in self.persons
            for c in p.cases
            if c.admitted_on
            and c.admitted_on <= end
            and (c.closed_on is None or c.closed_on >= start)
        }
        women = {
            id(p.mentee)
            for p in self.persons
            if id(p.mentee) in participants and p.gender == Mentee.Gender.FEMALE
        }
        by_kind: dict[str, set[int]] = defaultdict(set)
        employers = {
            id(c.employer) for c in self.consultations if start <= c.date <= end
        }
        for person in self.persons:
            for case in person.cases:
                for placement in case.placements:
                    if start <= placement.start_on <= end:
                        by_kind[placement.kind].add(id(person.mentee))
                        if placement.adequate:
                            by_kind["employment_adequate"].add(id(person.mentee))
                        if placement.employer is not None:
                            employers.add(id(placement.employer))
        return {
            "participants": len(participants),
            "women": len(women),
            "employers": len(employers),
            "employment": len(by_kind[EMPLOYMENT]),
            "employment_adequate": len(by_kind["employment_adequate"]),
            "vocational_training": len(by_kind[TRAINING]),
            "qualification": len(by_kind[QUALIFICATION]),
        }

    def write(self) -> dict[str, int]:
        """Insert everything; returns the number of rows per kind."""
        Employer.objects.bulk_create(self.employers, batch_size=BATCH)
        ContactPerson.objects.bulk_create(self.contacts, batch_size=BATCH)
        mentees = [p.mentee for p in self.persons]
        Mentee.objects.bulk_create(mentees, batch_size=BATCH)
        # Everybody signed the consent form at the first conversation.
        text = current_text()
        Consent.objects.bulk_create(
            [
                Consent(
                    mentee=p.mentee,
                    text=text,
                    given_on=p.cases[0].model.opened_on,
                    channel=Consent.Channel.SIGNED_FORM,
                )
                for p in self.persons
            ],
            batch_size=BATCH,
        )
        cases = [c.model for p in self.persons for c in p.cases]
        Case.objects.bulk_create(cases, batch_size=BATCH)
        placements = [
            Placement(
                case=case.model,
                employer=d.employer,
                kind=d.kind,
                start_on=d.start_on,
                planned_end_on=d.planned_end_on,
                ended_on=d.ended_on,
                end_reason=d.end_reason,
                weekly_hours=d.weekly_hours,
                qualification_adequate=d.adequate if d.kind == EMPLOYMENT else None,
                occupation=d.occupation,
            )
            for p in self.persons
            for case in p.cases
            for d in case.placements
        ]
        Placement.objects.bulk_create(placements, batch_size=BATCH)
        meetings = [
            Meeting(
                case_id=case.model.pk,
                date=day,
                duration_minutes=duration,
                channel=channel,
                with_whom=with_whom,
                topics=topics,
                notes=notes,
                next_step=step,
                next_step_due_on=due,
                next_step_done=done,
                created_by_id=case.mentor.pk,
            )
            for case, day, duration, channel, with_whom, topics, notes, *next_step in (
                self.meetings
            )
            for step, due, done in [next_step]
        ]
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        steps = [
            IntegrationStep(
                case_id=case.model.pk,
                kind=kind,
                description=description,
                responsible=responsible,
                due_on=due,
                done_on=done,
            )
            for case, kind, description, responsible, due, done in self.steps
        ]
        IntegrationStep.objects.bulk_create(steps, batch_size=BATCH)
        EmployerConsultation.objects.bulk_create(self.consultations, batch_size=BATCH)
        return {
            "mentees": len(mentees),
            "cases": len(cases),
            "placements": len(placements),
            "meetings": len(self.meetings),
            "integration steps": len(self.steps),
            "employers": len(self.employers),
            "contact persons": len(self.contacts),
            "employer consultations": len(self.consultations),
        }
