from django.contrib import admin

from employers.models import ContactPerson, Employer, EmployerConsultation
from privacy.admin import HistoryAdmin, PersonalDataAdmin


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Employer)
class EmployerAdmin(HistoryAdmin):
    list_display = ["name", "sector", "size_class", "postcode", "city", "region"]
    list_filter = ["sector", "size_class", "region"]
    search_fields = ["name", "name_normalized", "postcode", "city"]
    list_select_related = ["region"]
    inlines = [ContactPersonInline]


@admin.register(EmployerConsultation)
class EmployerConsultationAdmin(PersonalDataAdmin):
    list_display = ["date", "employer", "topic", "project", "mentor", "mentee"]
    list_filter = ["topic", "project"]
    search_fields = ["employer__name"]
    date_hierarchy = "date"
    list_select_related = ["employer", "project", "mentor", "mentee"]
    autocomplete_fields = ["employer"]
    raw_id_fields = ["mentor", "mentee"]
