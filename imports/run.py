"""The import: check every row of a file, then write all of it or nothing.

`run_import()` reads the file, checks its values (imports.check), resolves the
references between sheets by "Eigene ID", applies the models' own rules
(`full_clean()`: field validators, bidi control characters, text lengths and
each model's `clean()`: a meeting within its case, a placement not before its
case opened, ...) and writes everything in one transaction, sheet by sheet,
in bulk. A dry run, a file with problems and a file with employer matches
still to be confirmed take the same path and roll the transaction back, so
the counts and problems are exactly those of a real run.

Each row's own id is kept per project (imports.SourceId): the same file a
second time changes nothing, a corrected file updates the rows it names.
Employers go into the shared registry; a likely duplicate there (the
registry's own rule, `Employer.objects.duplicate_candidates`) is reported for
confirmation and never merged silently.
"""

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cases.models import (
    Case,
    IntegrationStep,
    Meeting,
    Mentee,
    Placement,
    Project,
    Versioned,
    new_mentee_code,
)
from employers.models import ContactPerson, Employer, EmployerConsultation
from privacy.consent import current_text
from privacy.models import Consent, Erasure

from .check import ParsedRow, Problem, Report, inspect_file, ordered_report
from .columns import KINDS
from .models import SourceId
from .reader import FileProblem, read_file

BATCH = 1000
PROGRESS_EVERY = 250
SHEETS = {kind.key: kind.sheet for kind in KINDS}
# Sheets in writing order: what a row refers to is written before the row.
ORDER = (
    "employers",
    "contacts",
    "mentees",
    "placements",
    "meetings",
    "steps",
    "consultations",
)
# The mapping's field for the object a row of each kind becomes.
TARGET_FIELD = {
    "meetings": "meeting",
    "placements": "placement",
    "steps": "step",
    "employers": "employer",
    "contacts": "contact",
    "consultations": "consultation",
}
# A referenced row that has problems of its own: its dependants are skipped
# silently (the referenced row's problem is reported).
FAILED = object()


@dataclass
class EmployerMatch:
    """A likely duplicate in the shared registry, to be confirmed or refused."""

    sheet: str
    row: int
    own_id: str
    name: str
    employer_id: int
    employer_name: str
    employer_city: str


@dataclass
class Outcome:
    report: Report
    counts: dict[str, dict[str, int]]
    employer_matches: list[EmployerMatch]
    written: bool


@dataclass
class MenteeTarget:
    """What a "Mentees" row stands for: the person and the case."""

    mentee: Mentee
    case: Case


def run_import(
    path: Path,
    *,
    project: Project,
    user: Any,
    file_name: str,
    dry_run: bool,
    employer_choices: Mapping[str, int | None] = {},
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Check the file and, unless `dry_run`, write it: all of it or nothing.

    `employer_choices` maps an employer row's own id to the registry
    employer to use (its pk) or None (create a new one). Rows are written
    only when the file has no problem and every likely employer match has a
    choice; `Outcome.written` says whether they were.

    `progress(done, total)` is called every few hundred rows from inside the
    import's transaction: a progress row saved through the same database
    connection stays invisible to others until the end (and is rolled back
    with a dry run), so record it elsewhere (cache, or another connection)."""
    with translation.override("de"):
        try:
            sheets = read_file(file_name, path.read_bytes())
        except FileProblem as problem:
            report = Report()
            report.add(file_name, None, "", "", str(problem))
            return Outcome(report, {}, [], False)
        importer = Importer(project, user, file_name, employer_choices, progress)
        return importer.run(sheets, dry_run)


def assign(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set `values` on `obj`; True if any differed. A related object is
    compared by its id and set in any case, so that the model's `clean()`
    finds it loaded (no query per row)."""
    changed = False
    for name, value in values.items():
        model_field = obj._meta.get_field(name)
        if model_field.is_relation:
            new = value.pk if value is not None else None
            if getattr(obj, model_field.attname) == new:
                setattr(obj, name, value)
                continue
        elif getattr(obj, name) == value:
            continue
        setattr(obj, name, value)
        changed = True
    return changed


class Importer:
    """One run over one file for one project."""

    def __init__(
        self,
        project: Project,
        user: Any,
        file_name: str,
        choices: Mapping[str, int | None],
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.project = project
        self.user = user
        self.choices = choices
        self.progress = progress
        self.reason = (_("Import of %(file)s") % {"file": file_name})[:100]
        self.today = timezone.localdate()
        self.problems: list[Problem] = []
        self.counts: dict[str, dict[str, int]] = {}
        self.matches: list[EmployerMatch] = []
        self.new_ids: list[SourceId] = []
        self.cases: dict[int, Case] = {}
        self.done = self.total = 0

    # -- the run ------------------------------------------------------------

    def add(self, sheet: str, row: int | None, column: str, value: str, message: str):
        self.problems.append(Problem(sheet, row, column, value, message))

    def run(self, sheets: list, dry_run: bool) -> Outcome:
        self.dry_run = dry_run
        written = False
        try:
            with transaction.atomic():
                # One import per project at a time: the own ids stay unique.
                Project.objects.select_for_update().get(pk=self.project.pk)
                self.mappings = self._load_mappings()
                mapped = {
                    own_id: m.mentee_id
                    for own_id, m in self.mappings["mentees"].items()
                }
                parsed = inspect_file(sheets, self.project, self.add, mapped)
                self.total = sum(len(rows) for rows in parsed.values())
                self.targets = self._existing_targets()
                self.locked = self._locked_mentees()
                for key in ORDER:
                    if key in parsed:
                        getattr(self, f"_write_{key}")(parsed[key])
                self._refresh_statuses()
                SourceId.objects.bulk_create(self.new_ids, batch_size=BATCH)
                written = not (dry_run or self.problems or self.matches)
                if not written:
                    transaction.set_rollback(True)
        except DatabaseError as error:
            written = False
            self.add(
                "",
                None,
                "",
                "",
                _("The database refused the data; nothing was written (%(error)s).")
                % {"error": str(error).splitlines()[0]},
            )
        if self.progress:
            self.progress(self.total, self.total)
        return Outcome(
            ordered_report(self.problems), self.counts, self.matches, written
        )

    def _tick(self) -> None:
        self.done += 1
        if self.progress and self.done % PROGRESS_EVERY == 0:
            self.progress(self.done, self.total)

    # -- what exists already ------------------------------------------------

    def _load_mappings(self) -> dict[str, dict[str, SourceId]]:
        """The project's own ids by kind, with their objects (one query a kind)."""
        related = {"mentees": ("mentee", "case", "consent"), **TARGET_FIELD}
        mappings = {}
        for key, fields in related.items():
            fields = (fields,) if isinstance(fields, str) else fields
            rows = SourceId.objects.filter(project=self.project, kind=key)
            mappings[key] = {m.own_id: m for m in rows.select_related(*fields)}
        return mappings

    def _existing_targets(self) -> dict[str, dict[str, Any]]:
        """What each known own id refers to, before this file's rows."""
        targets: dict[str, dict[str, Any]] = {
            "mentees": {
                own_id: MenteeTarget(m.mentee, m.case)
                for own_id, m in self.mappings["mentees"].items()
                if m.case is not None
            }
        }
        for key, name in TARGET_FIELD.items():
            targets[key] = {
                own_id: getattr(m, name) for own_id, m in self.mappings[key].items()
            }
        return targets

    def _locked_mentees(self) -> dict[int, str]:
        """Mentees of the project for whom nothing more may be recorded, with
        the reason (two queries)."""
        mentees = Mentee.objects.filter(project=self.project)
        erased = Erasure.objects.filter(mentee__in=mentees).values_list(
            "mentee_id", flat=True
        )
        locked = {
            pk: _("This person's data has been erased; nothing more can be recorded.")
            for pk in erased
        }
        in_force = Consent.objects.in_force().filter(mentee=models.OuterRef("pk"))
        for pk in mentees.filter(~models.Exists(in_force)).values_list("pk", flat=True):
            locked.setdefault(
                pk,
                _(
                    "The consent to data processing has been withdrawn: processing "
                    "is restricted and nothing more can be recorded."
                ),
            )
        return locked

    def _mentors(self) -> dict[str, Any]:
        """The project's members by email address (case-insensitive)."""
        users = get_user_model().objects.filter(
            memberships__project=self.project, is_active=True
        )
        return {user.email.casefold(): user for user in users if user.email}

    # -- checking one object ------------------------------------------------

    def _valid(
        self,
        obj: models.Model,
        row: ParsedRow,
        sheet: str,
        headers: dict[str, str],
        exclude: list[str],
    ) -> bool:
        """The model's own rules; each error under its column. Foreign keys,
        uniqueness and constraints are not checked here: they would cost a
        query per row, and the references are resolved beforehand."""
        try:
            obj.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = headers.get(name, "") if name != NON_FIELD_ERRORS else ""
                row.fail(self.add, sheet, column, messages[0])
            return False
        return True

    def _resolve(self, key: str, row: ParsedRow, sheet: str, column: str) -> Any:
        """The object another sheet's row with this own id stands for, or None
        (and the row fails) when there is none."""
        own_id = row.texts[column]
        target = self.targets[key].get(own_id)
        if target is FAILED:
            row.ok = False
            return None
        if target is None:
            row.fail(
                self.add,
                sheet,
                column,
                _("No row with this ID in the sheet “%(sheet)s”.")
                % {"sheet": SHEETS[key]},
            )
            return None
        return target

    def _may_record(self, values: dict[str, Any], row: ParsedRow, sheet: str) -> bool:
        """Nothing new or changed for an erased or restricted mentee."""
        case = values.get("case")
        reason = case is not None and self.locked.get(case.mentee_id)
        if reason:
            row.fail(self.add, sheet, "Mentee (Eigene ID)", reason)
        return not reason

    # -- writing --------------------------------------------------------------

    def _create(self, model: type, objs: list) -> None:
        if not objs:
            return
        if self.dry_run:  # rolled back anyway: the history would only cost time
            model.objects.bulk_create(objs, batch_size=BATCH)
        else:
            bulk_create_with_history(
                objs,
                model,
                batch_size=BATCH,
                default_user=self.user,
                default_change_reason=self.reason,
            )

    def _update(self, model: type, objs: list, fields: list[str]) -> None:
        if not objs:
            return
        if issubclass(model, Versioned):
            for obj in objs:
                obj.version += 1
            fields = [*fields, "version"]
        if self.dry_run:
            model.objects.bulk_update(objs, fields, batch_size=BATCH)
            return
        bulk_update_with_history(
            objs,
            model,
            fields,
            batch_size=BATCH,
            default_user=self.user,
            default_change_reason=self.reason,
        )

    def _simple(
        self,
        key: str,
        rows: list[ParsedRow],
        model: type,
        build: Callable[[ParsedRow], dict[str, Any] | None],
        headers: dict[str, str],
        exclude: list[str],
    ) -> None:
        """A sheet whose row is one object: build, compare, check, write."""
        sheet = SHEETS[key]
        counts: Counter = Counter(created=0, changed=0, unchanged=0)
        created, changed = [], []
        name = TARGET_FIELD[key]
        for row in rows:
            self._tick()
            values = build(row) if row.ok else None
            if not row.ok or values is None:
                self.targets[key][row.own_id] = FAILED
                continue
            mapping = self.mappings[key].get(row.own_id)
            if mapping is None:
                obj, state = model(**values), "created"
            else:
                obj = getattr(mapping, name)
                state = "changed" if assign(obj, values) else "unchanged"
            if state != "unchanged" and not self._may_record(values, row, sheet):
                self.targets[key][row.own_id] = FAILED
                continue
            if not self._valid(obj, row, sheet, headers, exclude):
                self.targets[key][row.own_id] = FAILED
                continue
            counts[state] += 1
            self.targets[key][row.own_id] = obj
            if state == "created":
                created.append(obj)
                self.new_ids.append(
                    SourceId(
                        project=self.project,
                        kind=key,
                        own_id=row.own_id,
                        **{name: obj},
                    )
                )
            elif state == "changed":
                changed.append(obj)
        self._create(model, created)
        self._update(model, changed, list(headers))
        self.counts[sheet] = dict(counts)

    def _write_mentees(self, rows: list[ParsedRow]) -> None:
        """A row is a person with their case and their consent record."""
        sheet = SHEETS["mentees"]
        mentors = self._mentors()
        text = current_text()
        counts: Counter = Counter(created=0, changed=0, unchanged=0)
        new: dict[type, list] = {Mentee: [], Consent: [], Case: []}
        changed: dict[type, list] = {Mentee: [], Consent: [], Case: []}
        for row in rows:
            self._tick()
            mentor = None
            if row.ok:
                email = row.texts["Mentor/in (E-Mail)"]
                mentor = mentors.get(email.casefold())
                if mentor is None:
                    row.fail(
                        self.add,
                        sheet,
                        "Mentor/in (E-Mail)",
                        _("No account with this email address works in the project."),
                    )
            if row.ok and text is None:
                row.fail(
                    self.add,
                    sheet,
                    "Einwilligung am",
                    _("No consent text is recorded in the system yet."),
                )
            objs = self._mentee_objects(row, mentor, text) if row.ok else None
            if objs is None:
                self.targets["mentees"][row.own_id] = FAILED
                continue
            state, mentee, case, consent, changed_objects = objs
            valid = all(
                [
                    self._valid(
                        mentee, row, sheet, MENTEE_HEADERS, ["project", "region"]
                    ),
                    self._valid(case, row, sheet, CASE_HEADERS, CASE_EXCLUDE),
                    self._valid(consent, row, sheet, CONSENT_HEADERS, CONSENT_EXCLUDE),
                ]
            )
            if valid and consent.given_on > self.today:
                row.fail(
                    self.add,
                    sheet,
                    "Einwilligung am",
                    _("The consent date lies in the future."),
                )
                valid = False
            if not valid:
                self.targets["mentees"][row.own_id] = FAILED
                continue
            counts[state] += 1
            self.targets["mentees"][row.own_id] = MenteeTarget(mentee, case)
            if state == "created":
                for obj in (mentee, consent, case):
                    new[type(obj)].append(obj)
                self.new_ids.append(
                    SourceId(
                        project=self.project,
                        kind="mentees",
                        own_id=row.own_id,
                        mentee=mentee,
                        case=case,
                        consent=consent,
                    )
                )
            else:
                for obj in changed_objects:
                    changed[type(obj)].append(obj)
            if case.pk:
                self.cases[case.pk] = case
        unique_codes(new[Mentee])
        for model in (Mentee, Consent, Case):
            self._create(model, new[model])
        for case in new[Case]:
            self.cases[case.pk] = case
        self._update(Mentee, changed[Mentee], list(MENTEE_HEADERS))
        self._update(Case, changed[Case], [*CASE_HEADERS, "status"])
        self._update(Consent, changed[Consent], ["given_on"])
        self.counts[sheet] = dict(counts)

    def _mentee_objects(self, row: ParsedRow, mentor: Any, text: Any):
        """(state, mentee, case, consent, changed objects) for the row; None
        when it fails."""
        sheet = SHEETS["mentees"]
        values = row.values
        mentee_values = {
            "first_name": row.texts["Vorname"],
            "last_name": row.texts["Nachname"],
            "date_of_birth": values["Geburtsdatum"],
            "gender": values.get("Geschlecht", Mentee.Gender.NOT_STATED),
            "region": values.get("Landkreis"),
        }
        case_values = {
            "mentor": mentor,
            "opened_on": values["Erstgespräch am"],
            "admitted_on": values.get("Aufgenommen am"),
            "closed_on": values.get("Beendet am"),
            "close_reason": values.get("Beendigungsgrund", ""),
        }
        consent_values = {"given_on": values["Einwilligung am"]}
        mapping = self.mappings["mentees"].get(row.own_id)
        if mapping is None:
            mentee = Mentee(project=self.project, **mentee_values)
            case = Case(mentee=mentee, project=self.project, **case_values)
            consent = Consent(
                mentee=mentee,
                text=text,
                channel=Consent.Channel.LEGACY,
                recorded_by=self.user,
                **consent_values,
            )
            case.status = basic_status(case)
            return "created", mentee, case, consent, []
        mentee, case, consent = mapping.mentee, mapping.case, mapping.consent
        problem = None
        if mentee.project_id != self.project.pk:
            problem = _("This person has been handed over to another project.")
        elif case is None or consent is None:
            problem = _(
                "The case or consent record imported from this row has been "
                "deleted in the system; please give the row a new ID."
            )
        if problem:
            row.fail(self.add, sheet, "Eigene ID", problem)
            return None
        changed = [
            obj
            for obj, new_values in (
                (mentee, mentee_values),
                (case, case_values),
                (consent, consent_values),
            )
            if assign(obj, new_values)
        ]
        status = basic_status(case)
        if status != case.status:
            case.status = status
            if case not in changed:
                changed.append(case)
        if changed and mentee.pk in self.locked:
            # Rows left as they are may stay in the file; changes may not.
            row.fail(self.add, sheet, "Eigene ID", self.locked[mentee.pk])
            return None
        return "changed" if changed else "unchanged", mentee, case, consent, changed

    def _write_meetings(self, rows: list[ParsedRow]) -> None:
        sheet = SHEETS["meetings"]

        def build(row: ParsedRow) -> dict[str, Any] | None:
            target = self._resolve("mentees", row, sheet, "Mentee (Eigene ID)")
            if target is None:
                return None
            values = row.values
            return {
                "case": target.case,
                "date": values["Datum"],
                "duration_minutes": values["Dauer (Minuten)"],
                "channel": values["Art"],
                "notes": row.texts["Notizen"],
                "next_step": row.texts["Nächster Schritt"],
                "next_step_due_on": values.get("Schritt fällig am"),
                "next_step_done": values.get("Schritt erledigt", False),
            }

        self._simple(
            "meetings", rows, Meeting, build, MEETING_HEADERS, ["case", "created_by"]
        )

    def _write_placements(self, rows: list[ParsedRow]) -> None:
        sheet = SHEETS["placements"]

        def build(row: ParsedRow) -> dict[str, Any] | None:
            target = self._resolve("mentees", row, sheet, "Mentee (Eigene ID)")
            employer = None
            if row.texts["Arbeitgeber (Eigene ID)"]:  # not needed for every kind
                employer = self._resolve(
                    "employers", row, sheet, "Arbeitgeber (Eigene ID)"
                )
            if target is None or not row.ok:
                return None
            values = row.values
            adequate = values.get("Qualifikationsadäquat")
            if values["Art"] != Placement.Kind.EMPLOYMENT and not adequate:
                adequate = None  # "nein" on a training place says nothing
            self.cases[target.case.pk] = target.case
            return {
                "case": target.case,
                "employer": employer,
                "kind": values["Art"],
                "start_on": values["Beginn"],
                "planned_end_on": values.get("Geplantes Ende"),
                "ended_on": values.get("Tatsächliches Ende"),
                "end_reason": values.get("Beendigungsgrund", ""),
                "weekly_hours": values.get("Wochenstunden"),
                "qualification_adequate": adequate,
                "occupation": row.texts["Beruf"],
            }

        self._simple(
            "placements",
            rows,
            Placement,
            build,
            PLACEMENT_HEADERS,
            ["case", "employer"],
        )

    def _write_steps(self, rows: list[ParsedRow]) -> None:
        sheet = SHEETS["steps"]

        def build(row: ParsedRow) -> dict[str, Any] | None:
            target = self._resolve("mentees", row, sheet, "Mentee (Eigene ID)")
            if target is None:
                return None
            values = row.values
            return {
                "case": target.case,
                "kind": values["Schritt"],
                "description": row.texts["Beschreibung"],
                "responsible": values.get(
                    "Zuständig", IntegrationStep.Responsible.MENTEE
                ),
                "due_on": values.get("Fällig am"),
                "done_on": values.get("Erledigt am"),
            }

        self._simple("steps", rows, IntegrationStep, build, STEP_HEADERS, ["case"])

    def _write_employers(self, rows: list[ParsedRow]) -> None:
        """An employer row either stands for a registry employer (a confirmed
        match, now or in an earlier import), which the file never changes, or
        for the project's own entry, created and updated from the file."""
        sheet = SHEETS["employers"]
        linked = self._linked_employers(rows)
        own_rows = []
        for row in rows:
            employer = linked.get(row.own_id)
            if employer is None:
                own_rows.append(row)
                continue
            self._tick()
            self.targets["employers"][row.own_id] = employer if row.ok else FAILED
            if row.ok and row.own_id not in self.mappings["employers"]:
                self.new_ids.append(
                    SourceId(
                        project=self.project,
                        kind="employers",
                        own_id=row.own_id,
                        employer=employer,
                        linked=True,
                    )
                )

        def build(row: ParsedRow) -> dict[str, Any] | None:
            values = row.values
            return {
                "name": row.texts["Name"],
                "sector": values.get("Branche", ""),
                "size_class": values.get("Größe", ""),
                "street": row.texts["Straße und Nr."],
                "postcode": row.texts["PLZ"],
                "city": row.texts["Ort"],
                "region": values.get("Landkreis"),
            }

        self._simple(
            "employers", own_rows, Employer, build, EMPLOYER_HEADERS, ["region"]
        )
        self.counts[sheet]["unchanged"] += sum(
            1 for row in rows if row.ok and row.own_id in linked
        )
        self._find_registry_matches(own_rows)

    def _linked_employers(self, rows: list[ParsedRow]) -> dict[str, Employer]:
        """Own ids linked to a registry employer: earlier, or by a choice now."""
        known = self.mappings["employers"]
        linked = {own_id: m.employer for own_id, m in known.items() if m.linked}
        wanted = {
            row.own_id: self.choices[row.own_id]
            for row in rows
            if row.ok
            and row.own_id not in known
            and self.choices.get(row.own_id) is not None
        }
        found = Employer.objects.in_bulk(set(wanted.values()))
        for row in rows:
            if row.own_id not in wanted:
                continue
            employer = found.get(wanted[row.own_id])
            if employer is None:
                row.fail(
                    self.add,
                    SHEETS["employers"],
                    "Eigene ID",
                    _("The chosen employer is not in the registry."),
                )
            else:
                linked[row.own_id] = employer
        return linked

    def _find_registry_matches(self, rows: list[ParsedRow]) -> None:
        """Likely duplicates of the employers this file creates (one query for
        each new employer without a choice)."""
        sheet = SHEETS["employers"]
        created = [
            m.employer.pk
            for m in self.new_ids
            if m.kind == "employers" and not m.linked
        ]
        for row in rows:
            employer = self.targets["employers"].get(row.own_id)
            if (
                employer is FAILED
                or employer is None
                or row.own_id in self.mappings["employers"]
                or row.own_id in self.choices
            ):
                continue
            # The registry as it was: not the employers of this file.
            candidates = Employer.objects.exclude(pk__in=created).duplicate_candidates(
                employer.name, employer.postcode, limit=5
            )
            self.matches.extend(
                EmployerMatch(
                    sheet,
                    row.number,
                    row.own_id,
                    employer.name,
                    candidate.pk,
                    candidate.name,
                    candidate.city,
                )
                for candidate in candidates
            )

    def _write_contacts(self, rows: list[ParsedRow]) -> None:
        sheet = SHEETS["contacts"]

        def build(row: ParsedRow) -> dict[str, Any] | None:
            employer = self._resolve("employers", row, sheet, "Arbeitgeber (Eigene ID)")
            if employer is None:
                return None
            return {
                "employer": employer,
                "name": row.texts["Name"],
                "position": row.texts["Funktion"],
                "phone": row.texts["Telefon"],
                "email": row.texts["E-Mail"],
            }

        self._simple(
            "contacts", rows, ContactPerson, build, CONTACT_HEADERS, ["employer"]
        )

    def _write_consultations(self, rows: list[ParsedRow]) -> None:
        sheet = SHEETS["consultations"]
        mentors = self._mentors()

        def build(row: ParsedRow) -> dict[str, Any] | None:
            employer = self._resolve("employers", row, sheet, "Arbeitgeber (Eigene ID)")
            mentor = mentors.get(row.texts["Mentor/in (E-Mail)"].casefold())
            if mentor is None:
                row.fail(
                    self.add,
                    sheet,
                    "Mentor/in (E-Mail)",
                    _("No account with this email address works in the project."),
                )
            if employer is None or mentor is None:
                return None
            return {
                "employer": employer,
                "project": self.project,
                "mentor": mentor,
                "date": row.values["Datum"],
                "topic": row.values["Thema"],
                "notes": row.texts["Notizen"],
            }

        self._simple(
            "consultations",
            rows,
            EmployerConsultation,
            build,
            CONSULTATION_HEADERS,
            ["employer", "project", "mentor", "mentee"],
        )

    def _refresh_statuses(self) -> None:
        """Follow-up while an employment or training placement runs (one query)."""
        if not self.cases:
            return
        following = set(
            Placement.objects.filter(case_id__in=list(self.cases))
            .keeping_in_follow_up(self.today)
            .values_list("case_id", flat=True)
        )
        changed = []
        for pk, case in self.cases.items():
            status = basic_status(case)
            if status in (Case.Status.ACTIVE, Case.Status.FOLLOW_UP):
                # Case.computed_status(), without its query per case.
                follow_up = pk in following
                status = Case.Status.FOLLOW_UP if follow_up else Case.Status.ACTIVE
            if status != case.status:
                case.status = status
                changed.append(case)
        self._update(Case, changed, ["status"])


def unique_codes(mentees: list[Mentee]) -> None:
    """Draw new pseudonymous codes where two new mentees, or a new and an
    existing one, drew the same (likely among tens of thousands of codes).
    A query per round; a second round is rare."""
    pending = mentees
    while pending:
        taken = set(
            Mentee.objects.filter(code__in=[m.code for m in pending]).values_list(
                "code", flat=True
            )
        )
        seen: set[str] = set()
        redraw = []
        for mentee in mentees:
            if mentee.code in taken or mentee.code in seen:
                redraw.append(mentee)
            seen.add(mentee.code)
        for mentee in redraw:
            mentee.code = new_mentee_code()
        pending = redraw


def basic_status(case: Case) -> str:
    """The status from the case's dates alone (follow-up needs the placements)."""
    if case.closed_on:
        return Case.Status.CLOSED
    if case.admitted_on is None:
        return Case.Status.INTAKE
    if case.status == Case.Status.FOLLOW_UP:
        return Case.Status.FOLLOW_UP
    return Case.Status.ACTIVE


# Model field -> column, for the errors of full_clean().
MENTEE_HEADERS = {
    "first_name": "Vorname",
    "last_name": "Nachname",
    "date_of_birth": "Geburtsdatum",
    "gender": "Geschlecht",
    "region": "Landkreis",
}
CASE_HEADERS = {
    "mentor": "Mentor/in (E-Mail)",
    "opened_on": "Erstgespräch am",
    "admitted_on": "Aufgenommen am",
    "closed_on": "Beendet am",
    "close_reason": "Beendigungsgrund",
}
CASE_EXCLUDE = ["mentee", "project", "mentor"]
CONSENT_HEADERS = {"given_on": "Einwilligung am"}
CONSENT_EXCLUDE = ["mentee", "text", "recorded_by", "withdrawal_recorded_by"]
MEETING_HEADERS = {
    "case": "Mentee (Eigene ID)",
    "date": "Datum",
    "duration_minutes": "Dauer (Minuten)",
    "channel": "Art",
    "notes": "Notizen",
    "next_step": "Nächster Schritt",
    "next_step_due_on": "Schritt fällig am",
    "next_step_done": "Schritt erledigt",
}
PLACEMENT_HEADERS = {
    "case": "Mentee (Eigene ID)",
    "employer": "Arbeitgeber (Eigene ID)",
    "kind": "Art",
    "start_on": "Beginn",
    "planned_end_on": "Geplantes Ende",
    "ended_on": "Tatsächliches Ende",
    "end_reason": "Beendigungsgrund",
    "weekly_hours": "Wochenstunden",
    "qualification_adequate": "Qualifikationsadäquat",
    "occupation": "Beruf",
}
STEP_HEADERS = {
    "case": "Mentee (Eigene ID)",
    "kind": "Schritt",
    "description": "Beschreibung",
    "responsible": "Zuständig",
    "due_on": "Fällig am",
    "done_on": "Erledigt am",
}
EMPLOYER_HEADERS = {
    "name": "Name",
    "sector": "Branche",
    "size_class": "Größe",
    "street": "Straße und Nr.",
    "postcode": "PLZ",
    "city": "Ort",
    "region": "Landkreis",
}
CONTACT_HEADERS = {
    "employer": "Arbeitgeber (Eigene ID)",
    "name": "Name",
    "position": "Funktion",
    "phone": "Telefon",
    "email": "E-Mail",
}
CONSULTATION_HEADERS = {
    "employer": "Arbeitgeber (Eigene ID)",
    "mentor": "Mentor/in (E-Mail)",
    "date": "Datum",
    "topic": "Thema",
    "notes": "Notizen",
}
