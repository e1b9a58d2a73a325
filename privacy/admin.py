"""The admin is no back door.

Administrators manage users and projects. Models with a mentee's personal
data are hidden from staff who are not superusers; for superusers every list,
object and history page of them is access-logged. Nobody can edit or delete
history entries (there is no admin for the historical tables, and reverting
is switched off: SIMPLE_HISTORY_REVERT_DISABLED), nor the access log,
erasures and retention runs. Mentees are never deleted here: erasure is the
way (privacy/erasure.py).
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from cases.models import Mentee
from mentoring.admin import ReadOnlyAdmin
from privacy.access import Action, log_access
from privacy.models import (
    AccessLogEntry,
    Consent,
    ConsentText,
    Erasure,
    RetentionHold,
    RetentionRun,
)


class HistoryAdmin(SimpleHistoryAdmin):
    """An admin with the object's change history (read-only).

    The changelist does not count the whole table for "x of y": at scale
    that count costs more than the page."""

    show_full_result_count = False


class PersonalDataAdmin(HistoryAdmin):
    """A model with a mentee's personal data: superusers only, access-logged.

    `mentee_lookup` leads from the model to the mentee's id."""

    mentee_lookup = "mentee_id"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser and self.model is not Mentee

    def mentee_id(self, object_id: str) -> int | None:
        """The mentee an object belongs to. One query."""
        if not str(object_id).isdigit():
            return None
        rows = self.model._default_manager.filter(pk=object_id)
        return rows.values_list(self.mentee_lookup, flat=True).first()

    def log(self, request: HttpRequest, object_id: str | None) -> None:
        if not self.has_view_permission(request):
            return
        mentee = None
        if object_id is not None:
            mentee_id = self.mentee_id(object_id)
            mentee = Mentee(pk=mentee_id) if mentee_id else None
        log_access(request, mentee, Action.ADMIN)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        self.log(request, None)
        return super().changelist_view(request, extra_context)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        if object_id is not None:
            self.log(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        self.log(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict | None = None,
    ) -> HttpResponse:
        self.log(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class RecordAdmin(ReadOnlyAdmin):
    """Records of what happened: read, never added, edited or deleted here."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(RecordAdmin):
    list_display = ["at", "user", "mentee", "action", "path"]
    list_filter = ["action"]
    search_fields = ["mentee__code", "user__username"]
    list_select_related = ["user", "mentee"]
    date_hierarchy = "at"


@admin.register(Erasure)
class ErasureAdmin(RecordAdmin):
    list_display = ["mentee", "erased_at", "erased_by", "source"]
    list_filter = ["source"]
    search_fields = ["mentee__code"]
    list_select_related = ["mentee", "erased_by"]


@admin.register(RetentionRun)
class RetentionRunAdmin(RecordAdmin):
    list_display = ["started_at", "finished_at", "closed_before", "erased", "held"]

    @admin.display(
        description=RetentionRun._meta.get_field("erased_codes").verbose_name
    )
    def erased(self, run: RetentionRun) -> int:
        return len(run.erased_codes)


@admin.register(ConsentText)
class ConsentTextAdmin(HistoryAdmin):
    list_display = ["version", "title", "valid_from"]


@admin.register(Consent)
class ConsentAdmin(PersonalDataAdmin):
    list_display = ["mentee", "text", "given_on", "channel", "withdrawn_on"]
    list_filter = ["channel", "text"]
    search_fields = ["mentee__code"]
    list_select_related = ["mentee", "text"]
    raw_id_fields = ["mentee", "recorded_by", "withdrawal_recorded_by"]


@admin.register(RetentionHold)
class RetentionHoldAdmin(PersonalDataAdmin):
    list_display = ["mentee", "until", "recorded_by"]
    search_fields = ["mentee__code"]
    list_select_related = ["mentee", "recorded_by"]
    raw_id_fields = ["mentee", "recorded_by"]


# Users with their history, roles (groups) included.
User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserWithHistoryAdmin(HistoryAdmin, UserAdmin):
    pass
