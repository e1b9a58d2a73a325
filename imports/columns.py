"""The kinds of record an import carries and their columns.

The headers are the file format and therefore fixed German words, whatever
the interface language. A column with `choices` takes the choice's German
label (the template offers them as a drop-down list).
"""

from dataclasses import dataclass

from cases.models import Case, IntegrationStep, Meeting, Mentee, Placement
from employers.models import Employer, EmployerConsultation


@dataclass(frozen=True)
class Column:
    header: str
    help: str
    kind: str = "text"  # text, date, bool, int, decimal, choice, ref
    required: bool = False
    choices: type | None = None


@dataclass(frozen=True)
class RecordKind:
    key: str
    sheet: str
    columns: tuple[Column, ...]


OWN_ID = Column(
    "Eigene ID",
    "Ihre eigene, eindeutige Kennung dieser Zeile; sie macht den Import wiederholbar.",
    required=True,
)


def _ref(header: str, sheet: str, required: bool = True, note: str = "") -> Column:
    text = f"„Eigene ID“ der Zeile im Blatt „{sheet}“.{note}"
    return Column(header, text, "ref", required)


KINDS = (
    RecordKind(
        "mentees",
        "Mentees",
        (
            OWN_ID,
            Column("Vorname", "Vorname wie im Ausweis.", required=True),
            Column("Nachname", "Nachname wie im Ausweis.", required=True),
            Column("Geburtsdatum", "TT.MM.JJJJ oder JJJJ-MM-TT.", "date", True),
            Column("Geschlecht", "Aus der Liste.", "choice", choices=Mentee.Gender),
            Column("Landkreis", "Landkreis oder kreisfreie Stadt in Sachsen.", "ref"),
            Column(
                "Einwilligung am", "Tag der schriftlichen Einwilligung.", "date", True
            ),
            Column(
                "Mentor/in (E-Mail)",
                "E-Mail-Adresse des Kontos im System.",
                "ref",
                True,
            ),
            Column("Erstgespräch am", "Tag des ersten Gesprächs.", "date", True),
            Column(
                "Aufgenommen am",
                "Tag der Aufnahme als Mentee; leer, wenn nicht.",
                "date",
            ),
            Column("Beendet am", "Leer, solange die Begleitung läuft.", "date"),
            Column(
                "Beendigungsgrund",
                "Aus der Liste; nur wenn beendet.",
                "choice",
                choices=Case.CloseReason,
            ),
        ),
    ),
    RecordKind(
        "meetings",
        "Treffen",
        (
            OWN_ID,
            _ref("Mentee (Eigene ID)", "Mentees"),
            Column("Datum", "TT.MM.JJJJ.", "date", True),
            Column("Dauer (Minuten)", "Ganze Minuten.", "int", True),
            Column("Art", "Aus der Liste.", "choice", True, Meeting.Channel),
            Column("Notizen", "Freier Text, keine Gesundheitsdaten."),
            Column("Nächster Schritt", "Vereinbarter nächster Schritt."),
            Column("Schritt fällig am", "Nicht vor dem Treffen.", "date"),
            Column("Schritt erledigt", "ja oder nein.", "bool"),
        ),
    ),
    RecordKind(
        "placements",
        "Vermittlungen",
        (
            OWN_ID,
            _ref("Mentee (Eigene ID)", "Mentees"),
            _ref(
                "Arbeitgeber (Eigene ID)",
                "Arbeitgeber",
                required=False,
                note=" Leer nur bei Qualifizierung, Minijob und Selbstständigkeit.",
            ),
            Column("Art", "Aus der Liste.", "choice", True, Placement.Kind),
            Column("Beginn", "Nicht vor dem Erstgespräch.", "date", True),
            Column("Geplantes Ende", "Leer bei unbefristet.", "date"),
            Column("Tatsächliches Ende", "Leer, solange sie läuft.", "date"),
            Column(
                "Beendigungsgrund",
                "Aus der Liste; nur wenn beendet.",
                "choice",
                choices=Placement.EndReason,
            ),
            Column("Wochenstunden", "Zum Beispiel 38,5.", "decimal"),
            Column("Qualifikationsadäquat", "ja oder nein.", "bool"),
            Column("Beruf", "Bezeichnung der Tätigkeit."),
        ),
    ),
    RecordKind(
        "steps",
        "Integrationsschritte",
        (
            OWN_ID,
            _ref("Mentee (Eigene ID)", "Mentees"),
            Column("Schritt", "Aus der Liste.", "choice", True, IntegrationStep.Kind),
            Column("Beschreibung", "Kurz, höchstens 300 Zeichen."),
            Column(
                "Zuständig",
                "Aus der Liste.",
                "choice",
                choices=IntegrationStep.Responsible,
            ),
            Column("Fällig am", "TT.MM.JJJJ.", "date"),
            Column("Erledigt am", "Leer, solange offen.", "date"),
        ),
    ),
    RecordKind(
        "employers",
        "Arbeitgeber",
        (
            OWN_ID,
            Column("Name", "Name des Betriebs.", required=True),
            Column("Branche", "Aus der Liste.", "choice", choices=Employer.Sector),
            Column("Größe", "Aus der Liste.", "choice", choices=Employer.SizeClass),
            Column("Straße und Nr.", ""),
            Column("PLZ", "Fünf Ziffern."),
            Column("Ort", ""),
            Column("Landkreis", "Landkreis oder kreisfreie Stadt in Sachsen.", "ref"),
        ),
    ),
    RecordKind(
        "contacts",
        "Ansprechpersonen",
        (
            OWN_ID,
            _ref("Arbeitgeber (Eigene ID)", "Arbeitgeber"),
            Column("Name", "Vor- und Nachname.", required=True),
            Column("Funktion", ""),
            Column("Telefon", ""),
            Column("E-Mail", ""),
        ),
    ),
    RecordKind(
        "consultations",
        "Arbeitgeberberatungen",
        (
            OWN_ID,
            _ref("Arbeitgeber (Eigene ID)", "Arbeitgeber"),
            Column("Datum", "TT.MM.JJJJ.", "date", True),
            Column(
                "Thema", "Aus der Liste.", "choice", True, EmployerConsultation.Topic
            ),
            Column(
                "Mentor/in (E-Mail)",
                "E-Mail-Adresse des Kontos im System.",
                "ref",
                True,
            ),
            Column("Notizen", "Freier Text."),
        ),
    ),
)
