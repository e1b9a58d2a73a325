"""An index of each project's open cases, built without locking the table."""

from django.db import migrations, models

from mentoring.migration_operations import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0010_merge_0009_handover_0009_scale_indexes"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="case",
            index=models.Index(
                condition=models.Q(("closed_on__isnull", True)),
                fields=["project"],
                name="open_case_by_project",
            ),
        ),
    ]
