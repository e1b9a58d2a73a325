"""The import writes every kind of record, all or nothing, and repeatably."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from cases.models import Case, IntegrationStep, Meeting, Mentee, Placement
from employers.models import ContactPerson, Employer, EmployerConsultation
from imports.models import SourceId
from imports.run import run_import
from privacy.consent import withdraw_consent
from privacy.erasure import erase_mentee
from privacy.export import mentee_data
from privacy.models import Consent, Erasure
from tests.factories import EmployerFactory, ProjectFactory, UserFactory

from .files import (
    consultation,
    contact,
    employer,
    meeting,
    mentee,
    placement,
    step,
    write_xlsx,
)

pytestmark = pytest.mark.django_db

LEAD = "lead@example.org"
RECORDS = (
    Mentee,
    Case,
    Consent,
    Meeting,
    Placement,
    IntegrationStep,
    Employer,
    ContactPerson,
    EmployerConsultation,
    SourceId,
)


@pytest.fixture
def project():
    return ProjectFactory()


@pytest.fixture
def lead(project):
    return UserFactory(role="project_lead", projects=[project], email=LEAD)


def run(path, project, lead, dry_run=False, **options):
    return run_import(
        path,
        project=project,
        user=lead,
        file_name=path.name,
        dry_run=dry_run,
        **options,
    )


def totals() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in RECORDS}


def every_kind(**changes) -> dict[str, list[dict[str, str]]]:
    sheets = {
        "Arbeitgeber": [employer("E1"), employer("E2", Name="Bäckerei Krume")],
        "Ansprechpersonen": [contact("K1", "E1")],
        "Mentees": [mentee("M1", LEAD), mentee("M2", LEAD, **{"Beendet am": ""})],
        "Vermittlungen": [placement("V1", "M1", "E1")],
        "Treffen": [meeting("T1", "M1"), meeting("T2", "M2")],
        "Integrationsschritte": [step("S1", "M2")],
        "Arbeitgeberberatungen": [consultation("B1", "E2", LEAD)],
    }
    sheets.update(changes)
    return sheets


def test_it_imports_every_kind_into_the_project(tmp_path, project, lead):
    path = write_xlsx(tmp_path / "Altdaten.xlsx", every_kind())
    progress = []
    outcome = run(path, project, lead, progress=lambda *a: progress.append(a))
    assert outcome.report.ok, [p.line() for p in outcome.report.problems]
    assert outcome.written and outcome.employer_matches == []
    assert {sheet: c["created"] for sheet, c in outcome.counts.items()} == {
        "Arbeitgeber": 2,
        "Ansprechpersonen": 1,
        "Mentees": 2,
        "Vermittlungen": 1,
        "Treffen": 2,
        "Integrationsschritte": 1,
        "Arbeitgeberberatungen": 1,
    }
    assert progress[-1] == (10, 10)
    case = Case.objects.get(mentee__last_name="HaddadM1")
    assert case.project == project and case.mentee.project == project
    assert case.mentor == lead
    assert case.status == Case.Status.FOLLOW_UP  # the employment runs
    assert Case.objects.get(mentee__last_name="HaddadM2").status == "active"
    consent = Consent.objects.get(mentee=case.mentee)
    assert consent.given_on == date(2024, 3, 1)
    assert consent.channel == Consent.Channel.LEGACY and consent.recorded_by == lead
    job = Placement.objects.get()
    assert job.case == case and job.employer.name_normalized.startswith("pflegedienst")
    assert str(job.weekly_hours) == "38.5" and job.qualification_adequate is True
    meeting_ = Meeting.objects.get(case=case)
    assert meeting_.duration_minutes == 45 and meeting_.channel == "in_person"
    assert IntegrationStep.objects.get().kind == "language_course"
    advice = EmployerConsultation.objects.get()
    assert advice.project == project and advice.topic == "funding"
    assert ContactPerson.objects.get().employer == job.employer
    assert set(SourceId.objects.values_list("project", flat=True)) == {project.pk}
    reasons = {
        entry.history_change_reason
        for model in (Mentee, Case, Meeting, Placement, Employer, Consent)
        for entry in model.history.all()
    }
    assert reasons == {"Import aus „Altdaten.xlsx“"}
    assert Mentee.history.filter(id=case.mentee_id).get().history_user == lead


def test_the_same_file_twice_changes_nothing(tmp_path, project, lead):
    path = write_xlsx(tmp_path / "a.xlsx", every_kind())
    run(path, project, lead)
    before = totals()
    history = Mentee.history.count() + Meeting.history.count()
    outcome = run(path, project, lead)
    assert outcome.report.ok and outcome.written
    assert all(c["created"] == c["changed"] == 0 for c in outcome.counts.values())
    assert sum(c["unchanged"] for c in outcome.counts.values()) == 10
    assert totals() == before
    assert Mentee.history.count() + Meeting.history.count() == history


def test_a_corrected_file_updates_the_rows_it_names(tmp_path, project, lead):
    run(write_xlsx(tmp_path / "a.xlsx", every_kind()), project, lead)
    before = totals()
    corrected = every_kind(
        Mentees=[
            mentee("M1", LEAD, Nachname="Haddad-Korr"),
            mentee(
                "M2",
                LEAD,
                **{
                    "Beendet am": "30.06.2024",
                    "Beendigungsgrund": "Ziel erreicht, Begleitung beendet",
                },
            ),
        ],
        Treffen=[meeting("T1", "M1", **{"Dauer (Minuten)": "90"}), meeting("T2", "M2")],
    )
    outcome = run(write_xlsx(tmp_path / "b.xlsx", corrected), project, lead)
    assert outcome.report.ok, [p.line() for p in outcome.report.problems]
    assert outcome.counts["Mentees"] == {"created": 0, "changed": 2, "unchanged": 0}
    assert outcome.counts["Treffen"] == {"created": 0, "changed": 1, "unchanged": 1}
    assert totals() == before
    person = Mentee.objects.get(last_name="Haddad-Korr")
    assert person.version == 2
    assert person.history.first().history_change_reason == "Import aus „b.xlsx“"
    closed = Case.objects.get(mentee__last_name="HaddadM2")
    assert closed.status == Case.Status.CLOSED and closed.closed_on == date(2024, 6, 30)
    assert Meeting.objects.get(case__mentee=person).duration_minutes == 90


def test_a_dry_run_counts_and_writes_nothing(tmp_path, project, lead):
    path = write_xlsx(tmp_path / "a.xlsx", every_kind())
    outcome = run(path, project, lead, dry_run=True)
    assert outcome.report.ok and not outcome.written
    assert outcome.counts["Mentees"]["created"] == 2
    assert set(totals().values()) == {0}


def test_thousands_of_rows_with_errors_are_refused_exactly_then_corrected(
    tmp_path, project, lead
):
    rows = [mentee(str(n), LEAD) for n in range(2000)]
    meetings = [meeting(f"T{n}", str(n)) for n in range(2000)]
    rows[10]["Landkreis"] = "Atlantis"
    rows[500]["Geburtsdatum"] = "30.02.1990"
    rows[1500]["Mentor/in (E-Mail)"] = "fremd@example.org"
    rows[1999]["Vorname"] = "Am\u202eal"
    meetings[7]["Mentee (Eigene ID)"] = "999999"
    meetings[1200]["Datum"] = "01.01.2024"
    meetings[1800].update(
        {"Nächster Schritt": "Anruf", "Schritt fällig am": "01.03.2024"}
    )
    meetings[1900]["Art"] = "Brieftaube"
    path = write_xlsx(tmp_path / "fehler.xlsx", {"Mentees": rows, "Treffen": meetings})
    outcome = run(path, project, lead)
    assert [problem.line() for problem in outcome.report.problems] == [
        "Mentees:12:Landkreis: Unbekannter Landkreis.",
        "Mentees:502:Geburtsdatum: „30.02.1990“ ist kein Datum; "
        "bitte als 24.12.2026 oder 2026-12-24 schreiben.",
        "Mentees:1502:Mentor/in (E-Mail): Im Projekt arbeitet kein Konto mit "
        "dieser E-Mail-Adresse.",
        "Mentees:2001:Vorname: Der Name enthält unsichtbare Zeichen, die die "
        "Schreibrichtung ändern. Bitte geben Sie ihn neu ein.",
        "Treffen:9:Mentee (Eigene ID): Im Blatt „Mentees“ gibt es keine Zeile "
        "mit dieser ID.",
        "Treffen:1202:Datum: Der Kontakt liegt vor der Eröffnung der Begleitung "
        "(01.03.2024).",
        "Treffen:1802:Schritt fällig am: Der nächste Schritt kann nicht vor seinem "
        "Kontakt fällig sein.",
        "Treffen:1902:Art: Kein Wert aus der Liste.",
    ]
    assert outcome.report.problems[0].value == "Atlantis"
    assert not outcome.written
    assert set(totals().values()) == {0}

    rows[10]["Landkreis"] = "Leipzig"
    rows[500]["Geburtsdatum"] = "28.02.1990"
    rows[1500]["Mentor/in (E-Mail)"] = LEAD
    rows[1999]["Vorname"] = "Amal"
    meetings[7]["Mentee (Eigene ID)"] = "7"
    meetings[1200]["Datum"] = "01.04.2024"
    meetings[1800]["Schritt fällig am"] = "01.05.2024"
    meetings[1900]["Art"] = "Telefon"
    path = write_xlsx(
        tmp_path / "korrigiert.xlsx", {"Mentees": rows, "Treffen": meetings}
    )
    outcome = run(path, project, lead)
    assert outcome.report.ok and outcome.written
    assert Mentee.objects.filter(project=project).count() == 2000
    assert Meeting.objects.filter(case__project=project).count() == 2000


def test_a_placement_before_its_case_and_a_future_consent(tmp_path, project, lead):
    sheets = every_kind(
        Vermittlungen=[placement("V1", "M1", "E1", Beginn="01.02.2024")],
        Mentees=[
            mentee("M1", LEAD),
            mentee("M2", LEAD, **{"Einwilligung am": "01.01.2099"}),
        ],
    )
    outcome = run(write_xlsx(tmp_path / "a.xlsx", sheets), project, lead)
    assert [p.line() for p in outcome.report.problems] == [
        "Mentees:3:Einwilligung am: Das Datum der Einwilligung liegt in der Zukunft.",
        "Vermittlungen:2:Beginn: Eine Vermittlung kann nicht vor der Eröffnung "
        "ihrer Begleitung beginnen (01.03.2024).",
    ]
    assert set(totals().values()) == {0}


def test_rows_land_in_the_given_project_only(tmp_path, project, lead):
    other = ProjectFactory()
    UserFactory(projects=[other], email="andere@example.org")
    path = write_xlsx(tmp_path / "a.xlsx", every_kind())
    run(path, project, lead)
    # A mentor of another project cannot be named.
    stranger = write_xlsx(
        tmp_path / "b.xlsx", {"Mentees": [mentee("M9", "andere@example.org")]}
    )
    outcome = run(stranger, project, lead)
    assert not outcome.written
    assert outcome.report.problems[0].column == "Mentor/in (E-Mail)"
    # The same own ids in another project are that project's own rows.
    other.memberships.create(user=lead)
    outcome = run(path, other, lead, employer_choices={"E1": None, "E2": None})
    assert outcome.written and outcome.counts["Mentees"]["created"] == 2
    for target in (project, other):
        assert Mentee.objects.filter(project=target).count() == 2
        assert Case.objects.filter(project=target).count() == 2
        assert EmployerConsultation.objects.filter(project=target).count() == 1
        assert SourceId.objects.filter(project=target).count() == 10
    assert Meeting.objects.filter(case__project=project).count() == 2


def test_a_likely_registry_duplicate_is_asked_for_not_merged(tmp_path, project, lead):
    known = EmployerFactory(name="Pflegedienst Sonnenschein E1", postcode="04109")
    path = write_xlsx(tmp_path / "a.xlsx", every_kind())
    outcome = run(path, project, lead)
    assert not outcome.written and outcome.report.ok
    [match] = outcome.employer_matches
    assert (match.sheet, match.row, match.own_id) == ("Arbeitgeber", 2, "E1")
    assert match.employer_id == known.pk
    assert Employer.objects.count() == 1 and not Mentee.objects.exists()

    outcome = run(path, project, lead, employer_choices={"E1": known.pk})
    assert outcome.written
    assert Placement.objects.get().employer == known
    assert ContactPerson.objects.get().employer == known
    assert Employer.objects.count() == 2  # E2 is new
    assert SourceId.objects.get(kind="employers", own_id="E1").linked
    # The registry's employer is linked, never overwritten by the file.
    renamed = every_kind(
        Arbeitgeber=[
            employer("E1", Name="Anders"),
            employer("E2", Name="Bäckerei Krume"),
        ]
    )
    outcome = run(write_xlsx(tmp_path / "b.xlsx", renamed), project, lead)
    assert outcome.written and outcome.counts["Arbeitgeber"]["unchanged"] == 2
    known.refresh_from_db()
    assert known.name == "Pflegedienst Sonnenschein E1"


def test_refusing_a_match_creates_a_new_employer(tmp_path, project, lead):
    EmployerFactory(name="Pflegedienst Sonnenschein E1", postcode="04109")
    path = write_xlsx(tmp_path / "a.xlsx", every_kind())
    outcome = run(path, project, lead, employer_choices={"E1": None})
    assert outcome.written
    assert Employer.objects.filter(name__startswith="Pflegedienst").count() == 2


def test_nothing_more_is_recorded_for_a_withdrawn_consent(tmp_path, project, lead):
    run(write_xlsx(tmp_path / "a.xlsx", every_kind()), project, lead)
    consent = Consent.objects.get(mentee__last_name="HaddadM2")
    withdraw_consent(consent, withdrawn_on=date(2024, 6, 1), channel="oral", by=lead)
    assert Erasure.objects.count() == 1
    # The erasure forgot the person's own ids: the rows are unknown now.
    assert not SourceId.objects.filter(own_id__in=["M2", "T2", "S1"]).exists()
    assert SourceId.objects.filter(own_id="M1").exists()


def test_erasure_deletes_the_own_ids(tmp_path, project, lead):
    run(write_xlsx(tmp_path / "a.xlsx", every_kind()), project, lead)
    person = Mentee.objects.get(last_name="HaddadM1")
    Case.objects.filter(mentee=person).update(
        closed_on=date(2024, 6, 30), status="closed", close_reason="other"
    )
    report = erase_mentee(person, by=lead, source="request", reason="Antrag")
    assert report.rows["import ids"] == 3  # mentee row, meeting, placement
    assert set(SourceId.objects.values_list("own_id", flat=True)) == {
        "E1",
        "E2",
        "K1",
        "M2",
        "T2",
        "S1",
        "B1",
    }


def test_the_privacy_export_lists_the_own_ids(tmp_path, project, lead):
    run(write_xlsx(tmp_path / "a.xlsx", every_kind()), project, lead)
    person = Mentee.objects.get(last_name="HaddadM1")
    data = mentee_data(person)
    section = data["sections"][-1]
    assert section["title"] == "Kennungen in importierten Tabellen"
    assert sorted(item[1]["value"] for item in section["items"]) == ["M1", "T1", "V1"]
    assert {item[2]["value"] for item in section["items"]} == {project.name}


def test_the_command_writes_and_asks_for_employer_matches(tmp_path, project, lead):
    known = EmployerFactory(name="Pflegedienst Sonnenschein E1", postcode="04109")
    path = write_xlsx(tmp_path / "a.xlsx", every_kind())
    err = io.StringIO()
    with pytest.raises(CommandError, match="Employer matches to confirm"):
        call_command("import_records", str(path), project=project.name, stderr=err)
    assert f"--employer E1={known.pk} or --new-employer E1" in err.getvalue()
    out = io.StringIO()
    call_command(
        "import_records",
        str(path),
        project=project.name,
        employer=[("E1", known.pk)],
        user=lead.username,
        stdout=out,
    )
    assert Mentee.history.first().history_user == lead
    assert "Mentees: 2 created, 0 changed, 0 unchanged" in out.getvalue()
    assert out.getvalue().endswith("Written.\n")
    assert Placement.objects.get().employer == known


def test_the_number_of_queries_does_not_grow_with_the_rows(tmp_path, lead):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(size: int) -> list[int]:
        project = ProjectFactory()
        project.memberships.create(user=lead)
        ids = [str(n) for n in range(size)]
        sheets = every_kind(
            Mentees=[mentee(n, LEAD) for n in ids],
            Treffen=[meeting(f"T{n}", n) for n in ids],
            Vermittlungen=[placement(f"V{n}", n, "E1") for n in ids],
            Integrationsschritte=[step(f"S{n}", n) for n in ids],
        )
        path = write_xlsx(tmp_path / f"{size}.xlsx", sheets)
        counts = []
        for _run in range(2):  # creating, then finding everything unchanged
            with CaptureQueriesContext(connection) as captured:
                # New employers are looked up in the registry one by one; here
                # they are confirmed as new, so the rows alone are counted.
                choices = {"E1": None, "E2": None}
                assert run(path, project, lead, employer_choices=choices).written
            counts.append(len(captured))
        return counts

    assert queries(3) == queries(30)


def test_a_file_that_is_no_spreadsheet_writes_nothing(tmp_path, project, lead):
    path = tmp_path / "bild.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    outcome = run(path, project, lead)
    assert [p.line() for p in outcome.report.problems] == [
        "bild.xlsx::: Die Datei ist keine lesbare Tabelle (XLSX oder CSV)."
    ]
    assert not outcome.written and outcome.counts == {}


def test_a_german_csv_with_a_formula_cell(tmp_path, project, lead):
    from .files import HEADERS

    rows = [mentee("1", LEAD), mentee("2", LEAD, Nachname="=A1")]
    lines = [";".join(HEADERS["Mentees"])] + [
        ";".join(row.get(h, "") for h in HEADERS["Mentees"]) for row in rows
    ]
    path = tmp_path / "Mentees.csv"
    path.write_text("\r\n".join(lines).replace("Haddad1", "Müller"), encoding="cp1252")
    outcome = run(path, project, lead)
    assert [p.line() for p in outcome.report.problems] == [
        "Mentees:3:Nachname: Eine Formel, wo ein Wert stehen muss; "
        "bitte nur die Werte einfügen."
    ]
    path.write_text(
        "\r\n".join(lines[:2]).replace("Haddad1", "Müller"), encoding="cp1252"
    )
    outcome = run(path, project, lead)
    assert outcome.written and Mentee.objects.get().last_name == "Müller"


def test_references_and_choices_that_do_not_exist(tmp_path, project, lead):
    sheets = every_kind(
        Vermittlungen=[placement("V1", "M1", "E9")],
        Ansprechpersonen=[contact("K1", "E1", **{"E-Mail": "kein-mail"})],
    )
    outcome = run(
        write_xlsx(tmp_path / "a.xlsx", sheets),
        project,
        lead,
        employer_choices={"E2": 999999},
    )
    assert [p.line() for p in outcome.report.problems] == [
        "Vermittlungen:2:Arbeitgeber (Eigene ID): Im Blatt „Arbeitgeber“ gibt es "
        "keine Zeile mit dieser ID.",
        "Arbeitgeber:3:Eigene ID: Der gewählte Arbeitgeber steht nicht im Register.",
        "Ansprechpersonen:2:E-Mail: Bitte gültige E-Mail-Adresse eingeben.",
    ]
    assert set(totals().values()) == {0}


def test_a_placement_without_employer_only_where_none_is_needed(
    tmp_path, project, lead
):
    sheets = every_kind(
        Vermittlungen=[
            placement(
                "V1", "M1", "", Art="Selbstständigkeit", **{"Qualifikationsadäquat": ""}
            ),
            placement("V2", "M2", ""),
        ]
    )
    outcome = run(write_xlsx(tmp_path / "a.xlsx", sheets), project, lead)
    assert [p.line() for p in outcome.report.problems] == [
        "Vermittlungen:3:Arbeitgeber (Eigene ID): Bitte wählen Sie für diese Art "
        "der Vermittlung den Arbeitgeber oder Träger aus."
    ]


def test_an_ended_placement_ends_the_follow_up(tmp_path, project, lead):
    run(write_xlsx(tmp_path / "a.xlsx", every_kind()), project, lead)
    assert Case.objects.get(mentee__last_name="HaddadM1").status == "follow_up"
    ended = placement(
        "V1",
        "M1",
        "E1",
        **{
            "Tatsächliches Ende": "30.04.2024",
            "Beendigungsgrund": "Abbruch durch die Person",
        },
    )
    long_id = mentee("X" * 101, LEAD)
    sheets = every_kind(Vermittlungen=[ended])
    outcome = run(write_xlsx(tmp_path / "b.xlsx", sheets), project, lead)
    assert outcome.written, [p.line() for p in outcome.report.problems]
    assert Case.objects.get(mentee__last_name="HaddadM1").status == "active"
    sheets["Mentees"].append(long_id)
    outcome = run(write_xlsx(tmp_path / "c.xlsx", sheets), project, lead)
    assert [p.line() for p in outcome.report.problems] == [
        "Mentees:4:Eigene ID: Höchstens 100 Zeichen."
    ]


def test_the_same_person_twice_in_the_file(tmp_path, project, lead):
    rows = [mentee("1", LEAD), mentee("2", LEAD, Nachname="haddad1")]
    outcome = run(write_xlsx(tmp_path / "a.xlsx", {"Mentees": rows}), project, lead)
    assert [p.line() for p in outcome.report.problems] == [
        "Mentees:3:Nachname: Dieselbe Person (Name und Geburtsdatum) steht schon "
        "in Zeile 2."
    ]


def test_nothing_is_added_while_processing_is_restricted(tmp_path, project, lead):
    from privacy.models import RetentionHold

    run(write_xlsx(tmp_path / "a.xlsx", every_kind()), project, lead)
    person = Mentee.objects.get(last_name="HaddadM2")
    RetentionHold.objects.create(
        mentee=person, reason="Prüfung", until=date(2099, 1, 1)
    )
    withdraw_consent(
        person.consents.get(), withdrawn_on=date(2024, 6, 1), channel="oral", by=lead
    )
    sheets = every_kind(
        Treffen=[meeting("T1", "M1"), meeting("T2", "M2"), meeting("T3", "M2")]
    )
    sheets.pop("Mentees")
    outcome = run(write_xlsx(tmp_path / "b.xlsx", sheets), project, lead)
    assert [p.line() for p in outcome.report.problems] == [
        f"Treffen:{row}:Mentee (Eigene ID): Die Einwilligung in die Datenverarbeitung "
        "wurde widerrufen: Die Verarbeitung ist eingeschränkt, es kann nichts mehr "
        "erfasst werden."
        for row in (4,)  # T2 is left as it is, T3 would be new
    ]
