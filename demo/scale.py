"""The reference-scale database for the benchmark: 100 projects over the 13
districts, 1,000 people working in them, 200,000 mentees with cases over ten
years and everything that hangs off them.

The rows come from the demo's Builder (the same distributions as the demo
history), built and written in chunks so that memory stays small; each chunk
has its own seed, its own employers and codes that no other chunk took.
"""

from collections.abc import Callable
from datetime import date

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.db import connection, transaction

from cases.models import Membership, Mentee, Project, Region
from demo import reference as ref
from demo.build import Builder
from demo.cast import PASSWORD
from demo.load import analyze
from demo.plan import (
    EMPLOYMENT,
    QUALIFICATION,
    TRAINING,
    CaseSpec,
    Cohort,
    Plan,
    Window,
)
from mentoring.permissions import MENTOR, MINISTRY, PROJECT_LEAD, ZEFAS
from privacy.history import history_paused
from privacy.models import Consent

SCALE = "scale"
CHUNK = 10_000
YEARS = 10


class ScaleError(Exception):
    """The database is not empty."""


def check_empty() -> None:
    """Refuse any database with projects, users or mentees in it."""
    if not Region.objects.exists():
        raise ScaleError("The districts are missing: run `manage.py migrate`.")
    if Project.objects.exists() or User.objects.exists() or Mentee.objects.exists():
        raise ScaleError(
            "The database is not empty: generate_scale fills an empty, migrated "
            "database only."
        )


def scale_plan(today: date, mentees: int) -> Plan:
    """One chunk: mentees over the last ten years, the demo's outcome shares."""
    start = date(today.year - YEARS, today.month, 1)
    shares = [
        (CaseSpec(SCALE, SCALE, EMPLOYMENT, SCALE), 0.27),
        (CaseSpec(SCALE, SCALE, TRAINING, SCALE), 0.09),
        (CaseSpec(SCALE, SCALE, QUALIFICATION, SCALE), 0.03),
        (CaseSpec(SCALE, SCALE, admitted=False), 0.10),
    ]
    cohorts = [Cohort((spec,), round(mentees * share)) for spec, share in shares]
    rest = mentees - sum(c.count for c in cohorts)
    cohorts.append(Cohort((CaseSpec(SCALE, SCALE),), max(rest, 0)))
    return Plan(
        windows=[Window(SCALE, start, today)],
        cohorts=[c for c in cohorts if c.count],
        # About one employer per four mentees: 50,000 at the reference scale.
        employers=[((SCALE,), max(10, mentees // 4))],
        adequate_share={SCALE: 0.8},
    )


def make_cast(
    projects: int, people: int
) -> tuple[list[Project], dict[int, list[User]]]:
    """Projects spread over the districts, one lead each and mentors for the
    rest of `people`, plus the zefas, ministerium and admin logins.

    Usernames follow the demo: lead, lead2 …, mentor, mentor2 …; every login
    has the demo password.
    """
    regions = list(Region.objects.order_by("key"))
    carriers = [carrier for _name, carrier, _keys, _size in ref.PROJECTS]
    made = Project.objects.bulk_create(
        Project(name=f"Projekt {i + 1:03d}", carrier=carriers[i % len(carriers)])
        for i in range(projects)
    )
    Project.regions.through.objects.bulk_create(
        Project.regions.through(project=p, region=regions[i % len(regions)])
        for i, p in enumerate(made)
    )
    password = make_password(PASSWORD)
    groups = {g.name: g for g in Group.objects.all()}

    def user(username: str, **extra: bool) -> User:
        return User(
            username=username,
            first_name=username.capitalize(),
            last_name="Skala",
            email=f"{username}@example.org",
            password=password,
            **extra,
        )

    staff = [user("admin", is_staff=True, is_superuser=True)]
    staff += [user("zefas"), user("ministerium")]
    leads = [user("lead" if i == 0 else f"lead{i + 1}") for i in range(projects)]
    mentors = [
        user("mentor" if i == 0 else f"mentor{i + 1}")
        for i in range(max(people - projects, 0))
    ]
    User.objects.bulk_create(staff + leads + mentors)
    Through = User.groups.through
    Through.objects.bulk_create(
        [Through(user=staff[1], group=groups[ZEFAS])]
        + [Through(user=staff[2], group=groups[MINISTRY])]
        + [Through(user=u, group=groups[PROJECT_LEAD]) for u in leads]
        + [Through(user=u, group=groups[MENTOR]) for u in mentors]
    )
    members: dict[int, list[User]] = {i: [lead] for i, lead in enumerate(leads)}
    for i, mentor in enumerate(mentors):
        members[i % projects].append(mentor)
    Membership.objects.bulk_create(
        Membership(user=u, project=made[i]) for i, team in members.items() for u in team
    )
    return made, members


def generate(
    *,
    mentees: int,
    projects: int = 100,
    people: int = 1000,
    seed: int = 1,
    today: date,
    progress: Callable[[str], None] = lambda _line: None,
) -> dict[str, int]:
    """Fill the empty database; returns the number of rows per kind."""
    check_empty()
    with transaction.atomic():
        made, members = make_cast(projects, people)
    counts: dict[str, int] = {"projects": projects, "users": people + 3}
    codes: set[str] = set()
    region_keys = {
        p.name: [r.key for r in p.regions.all()]
        for p in Project.objects.prefetch_related("regions")
    }
    done = 0
    chunk = 0
    while done < mentees:
        size = min(CHUNK, mentees - done)
        builder = Builder(
            scale_plan(today, size),
            seed=seed * 1000 + chunk,
            projects=made,
            members=members,
            taken_codes=codes,
            region_keys=region_keys,
        )
        builder.build()
        with transaction.atomic(), history_paused():
            for kind, n in builder.write().items():
                counts[kind] = counts.get(kind, 0) + n
        codes.update(p.mentee.code for p in builder.persons)
        done += size
        chunk += 1
        progress(f"{done:,} of {mentees:,} mentees written")
    counts["consents"] = Consent.objects.count()
    analyze()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts
