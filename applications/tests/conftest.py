"""Helpers for the applications tests: valid identifiers, an applicant, and an application registered through the
real service (never built by hand)."""

from datetime import date

import pytest
import time_machine

from agencies.tests.factories import make_codes
from applications import services
from applications.models import Channel
from privacy.identifiers import id_number_check_char


def id_number(region: str = "231221", born: str = "19800101", seq: str = "123") -> str:
    """A valid 18-digit 居民身份证号码 with the right check character."""
    first17 = region + born + seq
    return first17 + id_number_check_char(first17)


ID_ZHANG = id_number(seq="011")
ID_LI = id_number(born="19751230", seq="022")
USCC_COMPANY = make_codes(901)[0]


def applicant(**overrides) -> services.ApplicantInput:
    values = {
        "applicant_type": "natural_person", "applicant_name": "张三", "id_type": "id_card", "id_number": ID_ZHANG,
        "phone": "13812345678", "address": "黑龙江省绥化市望奎县东升乡东升村3组", "email": "zhangsan@example.com",
        "description": "东升乡2026年农村最低生活保障审批名单及发放标准", "form_of_provision": "paper", "route": "post",
    }
    values.update(overrides)
    return services.ApplicantInput(**values)


def register(agency, user, *, on: date, channel: str = Channel.IN_PERSON, received_on: date | None = None, **kw):
    """Register an application that arrived on `on` (当面 by default: received the same day)."""
    return services.register_application(agency, applicant(**kw), acting_user=user, channel=channel, arrived_on=on,
                                         received_on=received_on)


@pytest.fixture
def end_of_2026():
    with time_machine.travel("2026-12-30 10:00 +0800", tick=False):
        yield
