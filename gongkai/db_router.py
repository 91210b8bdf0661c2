"""Public reads from PostgreSQL streaming replicas (issue 11, item 5).

`DATABASE_REPLICA_URLS` names zero or more hot standbys of the primary (aliases replica1, replica2, ...). Without it
nothing here does anything: the router answers None (Django's default: everything on "default") and the middleware
passes every request through untouched. That is the embedded default and SQLite.

With replicas, a request reads a replica only when all of these hold (`ReplicaMiddleware.process_view`):
- the method is GET or HEAD, and the view is a portal page or an /api/ endpoint;
- nobody is logged in and there is no Authorization header (API tokens belong to staff);
- the browser carries no fresh pin: for `REPLICA_PIN_SECONDS` after one of its requests wrote, its requests read the
  primary, so the page a form redirects to (the application's receipt, the complaint's number) shows what was just
  written even if the replica has not replayed it yet.
Everything else reads the primary: the back office, staff on the portal, Celery tasks (gongkai/celery.py), management
commands, code inside `with primary():`, a request made inside another request, and the publication's renders
(`publication.render` marks its requests): a page written as a file must show what the primary just committed, not
what a replica has replayed so far.

Within a replica request the primary takes over from the first write to the end of the request (read-your-writes), and
reads inside a transaction of the primary (`transaction.atomic`, `select_for_update`) stay in it. Sessions, users,
tokens, lockouts and second-factor devices are always read from the primary: a login is visible to the next request.
No write is ever routed to a replica (a hot standby would refuse it anyway).

One replica is chosen at random per request among those that answer. One that cannot be reached is skipped for
`REPLICA_RETRY_SECONDS` and the request reads the primary (logged as a warning, never a 500); a replica failing in
the middle of a public GET is left for the primary, which runs the view again.
"""

import logging
import math
import random
import time
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from gongkai import clock

logger = logging.getLogger("gongkai.replicas")

PIN_COOKIE = "gongkai_primary"
READ_METHODS = frozenset({"GET", "HEAD"})
# A request whose WSGI environ holds one of these reads the primary (the publication's rendering requests).
PRIMARY_REQUEST_KEYS = ("gongkai.read_primary", "gongkai.publication.rendering")
# Authentication state: what a login, a new API token, a lockout or a second factor wrote is read back at once.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "admin", "axes", "otp_totp", "otp_static", "security"})


@dataclass
class _Route:
    replica: str | None = None  # where this request's reads go; None: the primary
    wrote: bool = False
    primary_only: bool = False  # inside primary(), or a request within a request


_route: ContextVar[_Route | None] = ContextVar("gongkai_db_route", default=None)
_forced_primary: ContextVar[bool] = ContextVar("gongkai_db_forced_primary", default=False)
_down_until: dict[str, float] = {}  # replica alias -> time.monotonic() before which it is not tried again


def replicas() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", ()))


@contextmanager
def primary():
    """Everything inside reads the primary, including requests handled inside (a page rendered for publication)."""
    token = _forced_primary.set(True)
    try:
        yield
    finally:
        _forced_primary.reset(token)


def read_alias() -> str:
    """The alias this request's reads use: a replica, or the primary. Raw SQL reads (search) can ask for it:
    `with connections[read_alias()].cursor() as cursor: ...`."""
    route = _route.get()
    if route is None or route.replica is None or route.wrote or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return route.replica


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not replicas():
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS or model._meta.label == settings.AUTH_USER_MODEL:
            return DEFAULT_DB_ALIAS
        return read_alias()

    def db_for_write(self, model, **hints):
        if not replicas():
            return None
        if (route := _route.get()) is not None:
            route.wrote = True  # from here on this request reads what it wrote
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        same_data = {DEFAULT_DB_ALIAS, *replicas()}
        if len(same_data) > 1 and obj1._state.db in same_data and obj2._state.db in same_data:
            return True  # a replica holds the primary's rows: an object read there may be linked to one from here
        return None

    def allow_migrate(self, db, app_label, **hints):
        return False if db in replicas() else None


def _mark_down(alias: str, exc: BaseException) -> None:
    seconds = settings.REPLICA_RETRY_SECONDS
    _down_until[alias] = time.monotonic() + seconds
    logger.warning("Database replica %s is unavailable (%s); reading the primary, retrying it in %s s.",
                   alias, str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__, seconds)
    with suppress(DatabaseError):
        connections[alias].close()


def _answers(alias: str) -> bool:
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()  # a persistent connection the replica dropped
        connection.ensure_connection()
    except DatabaseError as exc:
        _mark_down(alias, exc)
        return False
    return True


def choose_replica() -> str | None:
    """A replica that answers, at random; None when none does (the request reads the primary)."""
    now = time.monotonic()
    candidates = [alias for alias in replicas() if _down_until.get(alias, 0.0) <= now]
    random.shuffle(candidates)  # noqa: S311 - spreading load, not a secret
    for alias in candidates:
        if _answers(alias):
            _down_until.pop(alias, None)
            return alias
    return None


def _pinned(request) -> bool:
    """A fresh pin: its value is when it ends, never further ahead than one pin (a forged one cannot last)."""
    try:
        until = float(request.COOKIES.get(PIN_COOKIE, ""))
    except ValueError:
        return False
    now = clock.now().timestamp()
    return now < until <= now + settings.REPLICA_PIN_SECONDS + 1


class ReplicaMiddleware:
    """Decides, per request, whether its reads may go to a replica (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replicas():
            return self.get_response(request)
        # A request handled inside a request or a task, or marked (a page rendered for publication), reads the
        # primary and pins nothing: it is no browser's.
        primary_only = (_forced_primary.get() or _route.get() is not None
                        or any(request.META.get(key) for key in PRIMARY_REQUEST_KEYS))
        route = _Route(primary_only=primary_only)
        token = _route.set(route)
        try:
            response = self.get_response(request)
        finally:
            _route.reset(token)
        if not primary_only and (route.wrote or (request.method not in READ_METHODS and response.status_code < 400)):
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(PIN_COOKIE, str(math.ceil(clock.now().timestamp() + seconds)), max_age=seconds,
                                httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        route = _route.get()
        if route is None or route.primary_only or route.wrote or request.method not in READ_METHODS:
            return None
        match = request.resolver_match
        public = match is not None and ("portal" in match.app_names or match.route.startswith("api/"))
        if not public or "HTTP_AUTHORIZATION" in request.META or _pinned(request):
            return None
        user = getattr(request, "user", None)  # read (from the primary) before the route changes
        if user is not None and user.is_authenticated:
            return None
        route.replica = choose_replica()
        return None

    def process_exception(self, request, exception):
        """A replica that fails during a public GET: run the view again on the primary rather than answer 500."""
        route = _route.get()
        if route is None or route.replica is None or route.wrote or not isinstance(exception, DatabaseError):
            return None
        alias, connection = route.replica, connections[route.replica]
        if not connection.errors_occurred:
            return None  # the error came from the primary: nothing to fall back to
        route.replica = None
        usable = False
        with suppress(Exception):
            usable = connection.connection is not None and connection.is_usable()
        if usable:
            logger.warning("A query on database replica %s failed (%s); the primary answers this request.",
                           alias, type(exception).__name__)
        else:
            _mark_down(alias, exception)
        match = request.resolver_match
        return match.func(request, *match.args, **match.kwargs)
