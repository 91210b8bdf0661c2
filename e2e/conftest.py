"""End-to-end tests in a real browser: Debian's chromium driven by Playwright (never a downloaded browser).

Tests here are marked `e2e`, use pytest-django's `live_server` (a real HTTP server on the test database) and the
`page` fixture. Without /usr/bin/chromium they are skipped with a loud reason (make test installs it when it can).
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the test itself still talks to the database directly.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # The live server needs committed data, so these tests flush the database afterwards; serialized
            # rollback restores what migrations seeded (the holiday calendar, the standard areas) for the next test.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the database's serialized seed (the holiday calendar, the standard areas) where every e2e test finds it.

    Django keeps it on the connection object of the thread that created the test database. Once Playwright's sync API
    runs its event loop in this thread, asgiref hands out a context-local connection object instead, which lacks it,
    so `serialized_rollback` silently restores nothing and the next test starts on an empty calendar.
    """
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(autouse=True)
def _seeded_data_restored(request, django_db_setup):
    if request.node.get_closest_marker("e2e") is None:
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection

    from workdays.loading import invalidate
    from workdays.models import CalendarYear

    if django_db_setup and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = django_db_setup  # Django restores it itself from the next test on
    if django_db_setup and not CalendarYear.objects.exists():
        connection.creation.deserialize_db_from_string(django_db_setup)
    invalidate()  # a calendar read while the tables were empty must not be kept
    assert CalendarYear.objects.exists(), "the holiday calendar seeded by migrations was not restored for this test"


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"SKIPPED: no Chromium at {CHROMIUM}; install Debian's chromium (bin/install-system-packages)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--disable-dev-shm-usage"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _second_step_url(url: str) -> bool:
    return "/manage/" in url and ("/login/verify/" in url or "/login/enrol/" in url or "/manage/login/" not in url)


def login(page, username: str, password: str = "correct-horse-battery") -> None:
    """Log in through the back-office login form; a persona who must use a second factor (or has one) types the code
    their authenticator app would show, computed from their device's key (a device is made for them first, as if
    they had enrolled)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from agencies.access import requires_mfa
    from agencies.models import User
    from security.tests.helpers import current_code, totp_device_for

    user = User.objects.get(username=username)
    device = None
    if requires_mfa(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        device = totp_device_for(user)
        # A code is accepted once per 30-second step; the same persona may log in twice within one step in a test.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    page.goto("/manage/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(_second_step_url)
    if device is not None:
        page.get_by_label("验证码").fill(current_code(device))
        page.get_by_role("button", name="验证并登录").click()
    page.wait_for_url(lambda url: "/manage/" in url and "/manage/login/" not in url)
