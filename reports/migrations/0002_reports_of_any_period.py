"""Reports of any report period: a quarter, a year, a phase or a phase to date.

The quarter's (year, quarter) becomes the period's first and last day, for
reports and compilation jobs alike; existing reports are quarterly reports.
"""

import calendar
import datetime

import django.db.models.deletion
from django.db import migrations, models


def quarter_dates(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    last_month = 3 * quarter
    return (
        datetime.date(year, last_month - 2, 1),
        datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def fill_dates(apps, schema_editor) -> None:
    for name in ("Report", "CompilationJob"):
        model = apps.get_model("reports", name)
        for row in model.objects.only("year", "quarter"):
            row.start, row.end = quarter_dates(row.year, row.quarter)
            row.save(update_fields=["start", "end"])


def fill_quarters(apps, schema_editor) -> None:
    """Back to (year, quarter); only quarterly reports can go back."""
    for name in ("Report", "CompilationJob"):
        model = apps.get_model("reports", name)
        if name == "Report":
            model.objects.exclude(kind="quarter").delete()
        for row in model.objects.only("start"):
            row.year = row.start.year
            row.quarter = (row.start.month + 2) // 3
            row.save(update_fields=["year", "quarter"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_merge_0009_handover_0009_scale_indexes"),
        ("reports", "0001_quarterly_reports_and_jobs"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="quarterlyreport", name="unique_report_per_quarter"
        ),
        migrations.RemoveConstraint(
            model_name="quarterlyreport", name="report_quarter_1_to_4"
        ),
        migrations.RemoveConstraint(
            model_name="compilationjob", name="one_active_compilation_per_quarter"
        ),
        migrations.RenameModel("QuarterlyReport", "Report"),
        migrations.AlterModelOptions(
            name="report",
            options={
                "ordering": ["-end", "start"],
                "verbose_name": "report",
                "verbose_name_plural": "reports",
            },
        ),
        migrations.AddField(
            model_name="report",
            name="kind",
            field=models.CharField(
                choices=[
                    ("quarter", "quarterly report"),
                    ("year", "annual report"),
                    ("phase", "phase report"),
                    ("phase_to_date", "phase to date"),
                ],
                default="quarter",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="phase",
            field=models.ForeignKey(
                blank=True,
                help_text="The phase of a phase report or a phase-to-date report.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.programmephase",
                verbose_name="programme phase",
            ),
        ),
        *(
            migrations.AddField(
                model_name=model,
                name=name,
                field=models.DateField(null=True, verbose_name=label),
            )
            for model in ("report", "compilationjob")
            for name, label in (("start", "first day"), ("end", "last day"))
        ),
        migrations.RunPython(fill_dates, fill_quarters),
        *(
            migrations.AlterField(
                model_name=model,
                name=name,
                field=models.DateField(verbose_name=label),
            )
            for model in ("report", "compilationjob")
            for name, label in (("start", "first day"), ("end", "last day"))
        ),
        *(
            migrations.RemoveField(model_name=model, name=name)
            for model in ("report", "compilationjob")
            for name in ("year", "quarter")
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                fields=("start", "end"), name="unique_report_per_period"
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(("end__gte", models.F("start"))),
                name="report_end_after_start",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("kind__in", ["phase", "phase_to_date"]),
                        ("phase__isnull", False),
                    ),
                    models.Q(("kind__in", ["quarter", "year"]), ("phase__isnull", True)),
                    _connector="OR",
                ),
                name="phase_report_has_phase",
            ),
        ),
        migrations.AddConstraint(
            model_name="compilationjob",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state__in", ["pending", "running"])),
                fields=("start", "end"),
                name="one_active_compilation_per_period",
            ),
        ),
    ]
