"""The half-done login: the password was right, the second factor (or enrolment) is still to come.

Until the second factor passes nobody is logged in: the session holds only the account's id, the authentication
backend and when the password step passed, and it is good for LOGIN_SECOND_STEP_MINUTES. `complete()` then logs the
person in with Django (which rotates the session id) and marks the session verified by the device that passed, the
way `django_otp.login` does.
"""

from django.conf import settings
from django.contrib import auth
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login

from agencies.models import User
from gongkai import clock

PENDING_KEY = "gongkai_pending_login"
LOGIN_AT_KEY = "gongkai_login_at"
LAST_SEEN_KEY = "gongkai_last_seen"
EXPIRED_KEY = "gongkai_session_expired"


def begin(request, user: User, *, backend: str, next_url: str = "") -> None:
    # A new session id for the half-done login, so an id planted before the password step never carries it.
    request.session.cycle_key()
    request.session[PENDING_KEY] = {"user": user.pk, "backend": backend, "at": clock.now().timestamp(),
                                    "next": next_url}


def pending(request) -> dict | None:
    """The half-done login of this session, unless it has expired (then it is dropped)."""
    state = request.session.get(PENDING_KEY)
    if not isinstance(state, dict):
        return None
    if clock.now().timestamp() - state.get("at", 0) > settings.LOGIN_SECOND_STEP_MINUTES * 60:
        clear(request)
        return None
    return state


def pending_user(request) -> User | None:
    state = pending(request)
    if state is None:
        return None
    user = User.objects.filter(pk=state["user"], is_active=True).first()
    if user is None:
        clear(request)
    return user


def clear(request) -> None:
    request.session.pop(PENDING_KEY, None)


def complete(request, user: User, *, backend: str, device=None) -> None:
    """Log the person in (a new session id) and, when a second factor passed, mark the session verified by it."""
    from .lockout import forget_account_failures

    clear(request)
    auth.login(request, user, backend=backend)
    forget_account_failures(user.username)
    if device is not None:
        otp_login(request, device)
    now = clock.now().timestamp()
    request.session[LOGIN_AT_KEY] = now
    request.session[LAST_SEEN_KEY] = now


def is_verified_session(request) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))
