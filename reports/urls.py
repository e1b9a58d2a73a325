from django.urls import path

from reports.views import dashboard, explanations, press, reports

app_name = "reports"

urlpatterns: list = [
    path("statistics/", dashboard.dashboard, name="dashboard"),
    path("statistics/compare/", dashboard.dashboard_compare, name="dashboard_compare"),
    path(
        "statistics/explanations/",
        explanations.explanations,
        name="explanations",
    ),
    path("reports/", reports.report_list, name="report_list"),
    path("reports/compile/", reports.report_compile, name="report_compile"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/release/", reports.report_release, name="report_release"),
    path("reports/<int:pk>/exports/", reports.export_create, name="export_create"),
    path("reports/jobs/<int:pk>/", reports.job_detail, name="job_detail"),
    path("reports/exports/<int:pk>/", reports.export_detail, name="export_detail"),
    path(
        "reports/exports/<int:pk>/download/",
        reports.export_download,
        name="export_download",
    ),
    path(
        "reports/releases/<int:pk>/open-data.csv",
        reports.open_data_csv,
        name="open_data_csv",
    ),
    path(
        "reports/releases/<int:pk>/open-data.json",
        reports.open_data_metadata,
        name="open_data_metadata",
    ),
    path("reports/releases/<int:pk>/press/", press.press_table, name="press_table"),
    path(
        "reports/releases/<int:pk>/press.pdf",
        press.press_table_pdf,
        name="press_table_pdf",
    ),
]
