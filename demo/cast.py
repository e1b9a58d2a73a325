"""The demo's projects and logins: 14 projects, 72 people working in them
(one lead per project), a ZEFAS user, a ministry user and an administrator."""

import base64
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from cases.models import Membership, Project, Region
from demo import reference as ref
from mentoring.permissions import MENTOR, MINISTRY, PROJECT_LEAD, ZEFAS

# bandit: the documented demo login
PASSWORD = "demo-passwort"  # nosec B105
# The demo accounts that must log in with two factors share one documented
# authenticator secret (base32); `manage.py demo_totp zefas` prints the code.
TOTP_SECRET = "MENTORINGDEMOSECRETFORTOTPLOGINS"  # nosec B105
TWO_FACTOR_LOGINS = ("admin", "zefas", "ministerium")
PROJECT_NAMES = [name for name, _carrier, _regions, _size in ref.PROJECTS]


@dataclass
class Login:
    username: str
    role: str  # a role group, or "admin"
    first_name: str
    last_name: str
    project: int | None = None  # index into ref.PROJECTS

    @property
    def label(self) -> str:
        labels = {
            "admin": "admin",
            ZEFAS: "ZEFAS",
            MINISTRY: "ministry",
            PROJECT_LEAD: "project lead",
            MENTOR: "mentor",
        }
        return labels[self.role]


def logins() -> list[Login]:
    """Every demo login, always the same: `lead` and `mentor` work in project 1,
    lead2..lead14 lead the other projects, mentor2..mentor58 are mentors."""
    faker = Faker("de_DE")
    faker.seed_instance(72)
    people = [
        Login("admin", "admin", "Anja", "Admin"),
        Login("zefas", ZEFAS, faker.first_name(), faker.last_name()),
        Login("ministerium", MINISTRY, faker.first_name(), faker.last_name()),
    ]
    mentors = 0
    for index, (_name, _carrier, _regions, size) in enumerate(ref.PROJECTS):
        lead = "lead" if index == 0 else f"lead{index + 1}"
        people.append(
            Login(lead, PROJECT_LEAD, faker.first_name(), faker.last_name(), index)
        )
        for _ in range(size - 1):
            mentors += 1
            username = "mentor" if mentors == 1 else f"mentor{mentors}"
            people.append(
                Login(username, MENTOR, faker.first_name(), faker.last_name(), index)
            )
    return people


def ensure_cast() -> tuple[list[Project], dict[int, list[User]]]:
    """Create the projects and logins that are missing; leave existing ones alone.

    Returns the projects in the order of ref.PROJECTS and, per project index,
    the users working in it (lead first).
    """
    regions = {r.key: r for r in Region.objects.all()}
    projects = []
    for name, carrier, keys, _size in ref.PROJECTS:
        project, created = Project.objects.get_or_create(
            name=name, defaults={"carrier": carrier}
        )
        if created:
            project.regions.set([regions[key] for key in keys])
        projects.append(project)
    wanted = logins()
    existing = {
        u.username: u
        for u in User.objects.filter(username__in=[w.username for w in wanted])
    }
    groups = {g.name: g for g in Group.objects.all()}
    password = None
    members: dict[int, list[User]] = {i: [] for i in range(len(projects))}
    for login in wanted:
        user = existing.get(login.username)
        if user is None:
            # One hash for all: hashing 77 times would take most of a minute.
            password = password or make_password(PASSWORD)
            user = User.objects.create(
                username=login.username,
                first_name=login.first_name,
                last_name=login.last_name,
                email=f"{login.username}@example.org",
                password=password,
                is_staff=login.role == "admin",
                is_superuser=login.role == "admin",
            )
            if login.role in groups:
                user.groups.add(groups[login.role])
            if login.project is not None:
                Membership.objects.create(user=user, project=projects[login.project])
        if login.project is not None:
            members[login.project].append(user)
    ensure_two_factor()
    return projects, members


def ensure_two_factor() -> None:
    """Enrol the demo's admin, ZEFAS and ministry logins with TOTP_SECRET."""
    key = base64.b32decode(TOTP_SECRET).hex()
    for user in User.objects.filter(username__in=TWO_FACTOR_LOGINS):
        TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "app", "key": key}
        )


def logins_table() -> str:
    """The demo logins per role, for the console."""
    rows = [("role", "username", "project")]
    for login in logins():
        project = ref.PROJECTS[login.project][0] if login.project is not None else "–"
        if login.username in ("lead", "mentor") or login.project is None:
            rows.append((login.label, login.username, project))
    rows.append(("project lead", "lead2 … lead14", "one per further project"))
    rows.append(("mentor", "mentor2 … mentor58", "spread over all projects"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    lines.append(f"\nPassword for every demo login: {PASSWORD}")
    lines.append(
        f"{', '.join(TWO_FACTOR_LOGINS)} also need a code: "
        "`make demo-code LOGIN=zefas` (manage.py demo_totp zefas) prints it, "
        "or add the secret "
        f"{TOTP_SECRET} to an authenticator app."
    )
    return "\n".join(lines)
