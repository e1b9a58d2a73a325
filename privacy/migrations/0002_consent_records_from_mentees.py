"""The first consent text, and one consent record for every existing mentee
from the consent dates the mentee form used to hold (channel "legacy": the
date is all that was recorded)."""

import datetime

from django.db import migrations

BATCH = 2000

FIRST_TEXT = {
    "version": "1",
    "title": "Einwilligung in die Datenverarbeitung",
    "valid_from": datetime.date(2016, 10, 1),
    "text": (
        "Ich willige ein, dass das Projekt meine personenbezogenen Daten "
        "(Name, Geburtsdatum, Kontaktdaten, Herkunft, Aufenthaltsstatus, "
        "Bildung, Sprache, Gesprächsnotizen und Vermittlungen) zur Begleitung "
        "in Ausbildung und Arbeit verarbeitet. Für die Programmstatistik werden "
        "sie nur zusammengefasst und ohne meinen Namen weitergegeben. Ich kann "
        "die Einwilligung jederzeit widerrufen; meine Daten werden dann gelöscht, "
        "soweit keine gesetzliche Aufbewahrungspflicht besteht."
    ),
}


def seed_text(apps, schema_editor):
    """The first consent text (also seeded again by the browser tests)."""
    ConsentText = apps.get_model("privacy", "ConsentText")
    text, _ = ConsentText.objects.get_or_create(
        version=FIRST_TEXT["version"], defaults=FIRST_TEXT
    )
    return text


def forwards(apps, schema_editor):
    Consent = apps.get_model("privacy", "Consent")
    Mentee = apps.get_model("cases", "Mentee")
    text = seed_text(apps, schema_editor)
    rows = Mentee.objects.order_by("pk").values_list(
        "pk", "consent_given_on", "consent_withdrawn_on", "created_at"
    )
    batch = []
    for pk, given_on, withdrawn_on, created_at in rows.iterator(chunk_size=BATCH):
        batch.append(
            Consent(
                mentee_id=pk,
                text=text,
                given_on=given_on,
                withdrawn_on=withdrawn_on,
                channel="legacy",
                withdrawal_channel="legacy" if withdrawn_on else "",
                recorded_at=created_at,
            )
        )
        if len(batch) == BATCH:
            Consent.objects.bulk_create(batch)
            batch = []
    Consent.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    Consent = apps.get_model("privacy", "Consent")
    Mentee = apps.get_model("cases", "Mentee")
    for consent in Consent.objects.order_by("mentee_id", "-given_on").iterator():
        Mentee.objects.filter(pk=consent.mentee_id).update(
            consent_given_on=consent.given_on,
            consent_withdrawn_on=consent.withdrawn_on,
        )
    Consent.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_change_history_access_log_consent"),
        ("cases", "0004_statistics_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
