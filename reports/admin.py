"""Read-only admin: reports change only through compilation and release.

Released data is frozen; the admin may look, not edit. Jobs can be deleted
(e.g. a failed one) but not edited, since the workers own their state.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mentoring.admin import ReadOnlyAdmin
from reports.models import CompilationJob, ExportJob, Report, ReportRelease


class ReportReleaseInline(admin.TabularInline):
    model = ReportRelease
    fields = ["number", "released_at", "released_by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "compiled_at", "current_release"]
    list_filter = ["status", "kind"]
    list_select_related = ["current_release"]
    exclude = ["data"]
    inlines = [ReportReleaseInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CompilationJob)
class CompilationJobAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "state",
        "requested_at",
        "requested_by",
        "attempts",
        "finished_at",
    ]
    list_filter = ["state"]
    list_select_related = ["requested_by"]


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "state", "requested_at", "requested_by", "finished_at"]
    list_filter = ["state", "format"]
    list_select_related = ["requested_by", "release__report"]
    exclude = ["content"]
