from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from privacy.admin import HistoryAdmin, PersonalDataAdmin

from .models import (
    Case,
    Feedback,
    Handover,
    IntegrationStep,
    Meeting,
    Membership,
    Mentee,
    Placement,
    ProgrammePhase,
    Project,
    Region,
    TeamInvitation,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "key"]


@admin.register(ProgrammePhase)
class ProgrammePhaseAdmin(admin.ModelAdmin):
    list_display = ["name", "start", "end"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(HistoryAdmin):
    list_display = ["name", "carrier"]
    search_fields = ["name", "carrier"]
    list_filter = ["regions"]
    filter_horizontal = ["regions"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "project"]
    list_filter = ["project"]
    search_fields = ["user__username", "user__last_name", "project__name"]
    list_select_related = ["user", "project"]
    autocomplete_fields = ["user", "project"]


class CaseInline(admin.TabularInline):
    model = Case
    extra = 0
    fields = ["project", "mentor", "opened_on", "admitted_on", "closed_on", "status"]
    show_change_link = True


@admin.register(Mentee)
class MenteeAdmin(PersonalDataAdmin):
    mentee_lookup = "pk"
    list_display = ["code", "name", "project", "region", "gender"]
    list_filter = ["project", "region", "gender", "residence_status"]
    search_fields = ["code", "first_name", "last_name"]
    list_select_related = ["project", "region"]
    # Newest first on the primary key: sorting 200,000 names has no index.
    ordering = ["-pk"]
    readonly_fields = ["code", "created_at", "updated_at"]
    inlines = [CaseInline]

    @admin.display(description=_("name"), ordering="last_name")
    def name(self, mentee: Mentee) -> str:
        return mentee.list_name


@admin.register(Case)
class CaseAdmin(PersonalDataAdmin):
    list_display = [
        "__str__",
        "project",
        "mentor",
        "status",
        "opened_on",
        "admitted_on",
        "closed_on",
    ]
    list_filter = ["status", "project", "close_reason"]
    search_fields = ["mentee__code", "mentee__last_name", "mentor__username"]
    list_select_related = ["mentee", "project", "mentor"]
    date_hierarchy = "opened_on"
    raw_id_fields = ["mentee"]


@admin.register(Meeting)
class MeetingAdmin(PersonalDataAdmin):
    mentee_lookup = "case__mentee_id"
    list_display = ["date", "case", "channel", "with_whom", "duration_minutes"]
    list_filter = ["channel", "with_whom", "next_step_done"]
    search_fields = ["case__mentee__code", "next_step"]
    list_select_related = ["case__mentee"]
    date_hierarchy = "date"
    raw_id_fields = ["case", "created_by"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "meeting", "author", "recipient", "read_at"]
    list_filter = ["kind"]
    search_fields = ["meeting__case__mentee__code"]
    list_select_related = ["meeting", "author", "recipient"]
    raw_id_fields = ["meeting", "author", "recipient"]


@admin.register(IntegrationStep)
class IntegrationStepAdmin(PersonalDataAdmin):
    mentee_lookup = "case__mentee_id"
    list_display = ["__str__", "case", "responsible", "due_on", "done_on"]
    list_filter = ["kind", "responsible"]
    search_fields = ["case__mentee__code", "description"]
    list_select_related = ["case__mentee"]
    raw_id_fields = ["case"]


@admin.register(Placement)
class PlacementAdmin(PersonalDataAdmin):
    mentee_lookup = "case__mentee_id"
    list_display = ["__str__", "case", "employer", "kind", "start_on", "ended_on"]
    list_filter = ["kind", "end_reason", "qualification_adequate"]
    search_fields = ["case__mentee__code", "employer__name", "occupation"]
    list_select_related = ["case__mentee", "employer"]
    date_hierarchy = "start_on"
    raw_id_fields = ["case", "employer"]


@admin.register(TeamInvitation)
class TeamInvitationAdmin(admin.ModelAdmin):
    """A lead's invitation becomes a membership only through these actions."""

    list_display = ["user", "project", "invited_by", "invited_at", "status"]
    list_filter = ["status", "project"]
    search_fields = ["user__username", "project__name"]
    list_select_related = ["user", "project", "invited_by"]
    readonly_fields = [
        "project",
        "user",
        "invited_by",
        "invited_at",
        "status",
        "decided_by",
        "decided_at",
    ]
    actions = ["confirm", "reject"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Confirm: add to the project"))
    def confirm(self, request: HttpRequest, queryset: QuerySet) -> None:
        pending = queryset.filter(status=TeamInvitation.Status.PENDING)
        with transaction.atomic():
            done = [invitation.confirm(request.user) for invitation in pending]
        self.message_user(
            request,
            _("%(count)d invitation(s) confirmed.") % {"count": len(done)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject"))
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        pending = list(queryset.filter(status=TeamInvitation.Status.PENDING))
        for invitation in pending:
            invitation.reject(request.user)
        self.message_user(
            request,
            _("%(count)d invitation(s) rejected.") % {"count": len(pending)},
            messages.SUCCESS,
        )


@admin.register(Handover)
class HandoverAdmin(admin.ModelAdmin):
    list_display = ["mentee", "from_project", "to_project", "offered_at", "status"]
    list_filter = ["status"]
    search_fields = ["mentee__code"]
    list_select_related = ["mentee", "from_project", "to_project"]
    raw_id_fields = ["mentee", "case", "new_case"]
