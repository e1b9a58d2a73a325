"""`manage.py statistics`: the figures of any period, unsuppressed, for administrators.

    python manage.py statistics --start 2020-01-01 --end 2022-12-31 --json
    python manage.py statistics --start 2024-07-01 --end 2024-09-30 \\
        --project "Projekt A" --breakdown gender
"""

import datetime
import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from cases.models import Project, Region
from reports.statistics import (
    DIMENSIONS,
    FIGURE_LABELS,
    FIGURES,
    RATES,
    Period,
    Scope,
    breakdown,
    compute,
    format_figure,
)


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = (
        "Print every figure of docs/statistics.md for a period, programme-wide or "
        "for one project or district, unsuppressed (for administrators)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="last day, YYYY-MM-DD")
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--project", help="a project's name")
        scope.add_argument("--district", help="a district's official key, e.g. 14612")
        parser.add_argument("--breakdown", choices=DIMENSIONS, help="one row per value")
        parser.add_argument(
            "--json", action="store_true", help="JSON instead of a table"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("--end lies before --start.")
        period = Period(start, end)
        scope = Scope()
        if options["project"]:
            project = Project.objects.filter(name=options["project"]).first()
            if project is None:
                raise CommandError(f"No project named {options['project']!r}.")
            scope = Scope.for_project(project)
        if options["district"]:
            region = Region.objects.filter(key=options["district"]).first()
            if region is None:
                raise CommandError(f"No district with key {options['district']!r}.")
            scope = Scope.for_district(region)

        with translation.override(settings.LANGUAGE_CODE):
            if options["breakdown"]:
                rows = [
                    {"key": key, "label": label, "values": values}
                    for key, label, values in breakdown(
                        period=period, dimension=options["breakdown"], scope=scope
                    )
                ]
            else:
                rows = [
                    {
                        "key": "",
                        "label": scope.label,
                        "values": compute(period=period, scope=scope),
                    }
                ]
            if options["json"]:
                out = {"period": period.as_dict(), "scope": scope.as_dict()}
                if options["breakdown"]:
                    out |= {"dimension": options["breakdown"], "rows": rows}
                else:
                    out["figures"] = rows[0]["values"]
                self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(self._table(period, scope, rows))

    def _table(self, period: Period, scope: Scope, rows: list[dict]) -> str:
        keys = [k for k in (*FIGURES, *RATES) if k in rows[0]["values"]] if rows else []
        lines = [f"{_('Statistics')} {period.label} – {scope.label}", ""]
        if len(rows) == 1 and not rows[0]["key"]:
            width = max(len(str(FIGURE_LABELS[k])) for k in keys)
            for key in keys:
                value = format_figure(rows[0]["values"][key])
                lines.append(f"{str(FIGURE_LABELS[key]):<{width}}  {value:>10}")
            return "\n".join(lines)
        # One line per figure, one column per row of the breakdown.
        width = max(len(str(FIGURE_LABELS[k])) for k in keys)
        col = max([10, *(len(r["label"][:24]) for r in rows)])
        header = (
            " " * width + "  " + "  ".join(f"{r['label'][:24]:>{col}}" for r in rows)
        )
        lines.append(header)
        for key in keys:
            cells = "  ".join(f"{format_figure(r['values'][key]):>{col}}" for r in rows)
            lines.append(f"{str(FIGURE_LABELS[key]):<{width}}  {cells}")
        return "\n".join(lines)
