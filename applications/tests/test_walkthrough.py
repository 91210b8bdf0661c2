"""The scripted API session of the closing note keeps working and leaves nothing behind."""

import io

import pytest
from django.core.management import call_command

from applications.models import Application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("end_of_2026")]


def test_the_api_walkthrough_prints_each_step_and_rolls_back():
    out = io.StringIO()
    call_command("api_walkthrough", username="nobody-here", stdout=out)
    text = out.getvalue()
    assert "征求第三方意见 3月9日至3月20日不计入（10个工作日）" in text
    assert "错误代码：correction_already_requested" in text
    assert "共40个工作日，截止2026年5月20日" in text
    assert "231221198001010116" not in text and "13812345678" not in text
    assert not Application.objects.exists()
