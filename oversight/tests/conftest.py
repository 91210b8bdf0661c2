"""Fixtures of the supervision registers beyond the root personas."""

import pytest


@pytest.fixture
def emails(office_admin, supervisor, clerk):
    """Give the personas e-mail addresses (reminders go to them)."""
    for user, email in ((office_admin, "office@dongsheng.example"), (supervisor, "zwgk@wangkui.example"),
                        (clerk, "clerk@dongsheng.example")):
        user.email = email
        user.save(update_fields=["email"])
    return {"office": office_admin.email, "supervisor": supervisor.email, "clerk": clerk.email}
