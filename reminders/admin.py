from django.contrib import admin

from .models import ReminderSettings, SentDigest


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "team_digest"]
    list_filter = ["frequency", "team_digest"]
    search_fields = ["user__username", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(SentDigest)
class SentDigestAdmin(admin.ModelAdmin):
    """What went out, for questions like "why did I get no e-mail?"."""

    list_display = ["period_start", "kind", "user", "items", "sent_at"]
    list_filter = ["kind", "period_start"]
    search_fields = ["user__username"]
    list_select_related = ["user"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
