from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("two-factor/setup/", views.twofactor_setup, name="twofactor_setup"),
    path("two-factor/verify/", views.twofactor_verify, name="twofactor_verify"),
    path("security/", views.security, name="security"),
    path(
        "security/recovery-codes/",
        views.recovery_codes_renew,
        name="recovery_codes_renew",
    ),
    path("security/switch-off/", views.twofactor_disable, name="twofactor_disable"),
]
