from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cases.views.start import home
from mentoring.views import session_keep_alive

# The 500 page with the navigation (Django renders its own without the request).
handler500 = "mentoring.views.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/session/keep-alive/",
        session_keep_alive,
        name="session_keep_alive",
    ),
    # Password reset by e-mail: Django's own views, German templates in
    # templates/registration/.
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("cases.urls")),
    path("employers/", include("employers.urls")),
    path("", include("reports.urls")),
    path("", include("imports.urls")),
    path("reminders/", include("reminders.urls")),
    path("api/", include("reports.api_urls")),
    path("privacy/", include("privacy.urls")),
    path("admin/", admin.site.urls),
]
