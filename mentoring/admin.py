"""Admin building blocks the apps share."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the system writes: administrators look, never add or edit. Whether
    a row may be deleted is left to each admin (Django's model permission).
    The changelist skips the full table count (these tables only grow)."""

    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
