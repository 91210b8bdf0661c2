"""The demo's applications: built through the services, idempotent, and none in the seed year 2017."""

import pytest
import time_machine

from applications.models import Application, Status
from demo import agencies, applications
from demo.context import DemoContext

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-11-28 10:00 +0800", tick=False)
def test_the_demo_has_applications_in_every_state_and_none_in_2017():
    ctx = DemoContext()
    agencies.build(ctx)
    applications.build(ctx)
    applications.build(DemoContext(agencies=ctx.agencies, users=ctx.users))  # again: nothing new
    assert Application.objects.count() == 18
    assert not Application.objects.filter(received_on__year=2017).exists()
    assert not Application.objects.filter(arrived_on__year=2017).exists()
    states = set(Application.objects.values_list("status", flat=True))
    assert states >= {Status.AWAITING_CONFIRMATION, Status.IN_PROGRESS, Status.CORRECTION, Status.CONSULTATION,
                      Status.AWAITING_FEE, Status.REPLIED, Status.ABANDONED, Status.DELIVERED, Status.ARCHIVED,
                      Status.SPLIT}
    dongsheng = ctx.agencies["dongsheng"]
    numbers = list(Application.objects.filter(agency=dongsheng, parent__isnull=True, received_on__year=2026)
                   .order_by("received_on", "pk").values_list("number", flat=True))
    assert numbers == sorted(numbers)
    assert Application.objects.filter(agency=ctx.agencies["huiqi"]).count() == 2
