from django.contrib import admin

from employers.models import ContactPerson, Employer, EmployerConsultation


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "size_class", "postcode", "city", "region"]
    list_filter = ["sector", "size_class", "region"]
    search_fields = ["name", "name_normalized", "postcode", "city"]
    list_select_related = ["region"]
    inlines = [ContactPersonInline]


@admin.register(EmployerConsultation)
class EmployerConsultationAdmin(admin.ModelAdmin):
    list_display = ["date", "employer", "topic", "project", "mentor", "mentee"]
    list_filter = ["topic", "project"]
    search_fields = ["employer__name"]
    date_hierarchy = "date"
    list_select_related = ["employer", "project", "mentor", "mentee"]
    autocomplete_fields = ["employer"]
    raw_id_fields = ["mentor", "mentee"]
