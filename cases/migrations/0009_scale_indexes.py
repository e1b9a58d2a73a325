"""Indexes for the reference scale, built without locking the tables."""

from mentoring.migration_operations import AddIndexConcurrentlyOnPostgres
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0008_version_for_edit_conflicts"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="meeting",
            index=models.Index(fields=["created_at", "id"], name="meeting_created_at"),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="placement",
            index=models.Index(
                condition=models.Q(
                    ("kind__in", ["employment", "vocational_training"])
                ),
                fields=["case", "start_on"],
                name="placement_follow_up",
            ),
        ),
    ]
