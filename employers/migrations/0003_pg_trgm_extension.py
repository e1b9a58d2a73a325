"""pg_trgm for the duplicate check's name similarity; nothing on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class TrigramExtensionOnPostgres(TrigramExtension):
    """CREATE EXTENSION pg_trgm on PostgreSQL; a no-op on any other database
    (SQLite falls back to a normalised-name prefix check)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0002_employer_name_normalized"),
    ]

    operations = [TrigramExtensionOnPostgres()]
