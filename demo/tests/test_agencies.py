"""The demo's people, built through the account services: they log in with the documented demo password (no forced
change at first login), hold the roles the walkthrough names, and building twice changes nothing."""

import pytest

from agencies.models import Membership, Role, User
from demo import agencies
from demo.context import DEMO_PASSWORD, DemoContext

pytestmark = pytest.mark.django_db


def test_the_demo_accounts_log_in_with_the_demo_password_and_keep_their_roles():
    agencies.build(DemoContext())
    for username, _name, _agency, roles, _office, _title in agencies.PEOPLE:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD) and not user.password_change_required, username
        assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == set(roles), username
    assert Membership.objects.get(user__username="zhangming", role=Role.CLERK).office.name == "农业综合服务站"
    count = Membership.objects.count()
    agencies.build(DemoContext())
    assert Membership.objects.count() == count
