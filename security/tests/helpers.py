"""Logging a persona in for a test the way the two-step login leaves the session: authenticated, and — for whoever
has or needs a second factor — verified by a confirmed TOTP device, as `django_otp.login` marks it."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.access import requires_mfa
from gongkai import clock
from security import login_steps


def totp_device_for(user) -> TOTPDevice:
    """The person's confirmed TOTP device, made (as if they had enrolled) when they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="测试手机", confirmed=True)
    return device


def current_code(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def log_in(client: Client, user) -> Client:
    client.force_login(user)
    session = client.session
    if requires_mfa(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
    session[login_steps.LOGIN_AT_KEY] = session[login_steps.LAST_SEEN_KEY] = clock.now().timestamp()
    session.save()
    return client
