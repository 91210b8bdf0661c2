"""Back-office routes of the two-step login, 账号安全 and the lockout list."""

from django.urls import path

from backoffice.views import auth
from backoffice.views import security as views

urlpatterns = [
    path("login/verify/", auth.login_verify, name="login_verify"),
    path("login/enrol/", auth.login_enrol, name="login_enrol"),
    path("security/", views.account_security, name="account_security"),
    path("security/totp/", auth.enrol_voluntarily, name="totp_enrol"),
    path("security/recovery-codes/", auth.recovery_codes, name="recovery_codes"),
    path("security/recovery-codes/regenerate/", views.recovery_codes_regenerate, name="recovery_codes_regenerate"),
    path("security/password/", views.password_change, name="password_change"),
    path("security/lockouts/", views.lockouts, name="lockouts"),
    path("security/lockouts/unlock/", views.lockout_unlock, name="lockout_unlock"),
    path("security/mfa-policy/", views.mfa_policy, name="mfa_policy"),
]
