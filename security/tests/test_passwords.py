"""The password rules (at least 10 characters, 3 of 4 character classes, not like the person's username or name, not
common, not all digits), each with a Chinese message, and the person's own password change."""

import re

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from security import services
from security.errors import SecurityError
from security.passwords import CharacterClassesValidator
from security.tests.helpers import log_in

pytestmark = pytest.mark.django_db


def messages_for(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


@pytest.mark.parametrize(("password", "message"), [
    ("Ab1-xyz", "密码长度太短，至少需要 10 个字符。"),
    ("Password1!", "这个密码太常见了。"),
    ("8412390567", "密码只包含数字。"),
    ("correct-horse-battery", "密码须至少包含大写字母、小写字母、数字、符号中的 3 类（现有 2 类：小写字母、符号）。"),
    ("ABCDEFGHIJKLMN", "密码须至少包含大写字母、小写字母、数字、符号中的 3 类（现有 1 类：大写字母）。"),
])
def test_each_rule_answers_in_chinese(password, message):
    assert message in messages_for(password)


def test_every_rule_and_its_help_text_is_in_chinese(clerk):
    cjk = re.compile(r"[\u4e00-\u9fff]")
    found = messages_for("Clerk1", clerk) + messages_for("12345678") + messages_for("password")
    assert len(found) >= 5 and all(cjk.search(message) for message in found), found
    assert all(cjk.search(text) for text in password_validators_help_texts())


def test_a_password_like_the_username_or_the_name_is_refused(clerk):
    clerk.full_name = "Wang-Lele"
    assert any("太相似" in m and "用户名" in m for m in messages_for("Clerk1!", clerk))
    assert any("太相似" in m and "姓名" in m for m in messages_for("Wang-Lele1", clerk))


def test_a_good_password_passes_every_rule(clerk):
    assert messages_for("Spring-plough-2026", clerk) == []
    assert CharacterClassesValidator().get_help_text().startswith("密码须至少包含")


def test_changing_the_password_needs_the_current_one_and_a_new_good_one(clerk):
    with pytest.raises(SecurityError) as exc:
        services.change_password(clerk, acting_user=clerk, old_password="wrong", new_password="Spring-plough-2026")
    assert exc.value.field == "old_password" and exc.value.message == "原密码不正确。"
    with pytest.raises(SecurityError) as exc:
        services.change_password(clerk, acting_user=clerk, old_password="correct-horse-battery",
                                 new_password="correct-horse-battery")
    assert exc.value.message == "新密码不能与原密码相同。"
    with pytest.raises(SecurityError) as exc:
        services.change_password(clerk, acting_user=clerk, old_password="correct-horse-battery",
                                 new_password="short")
    assert exc.value.field == "new_password" and "密码长度太短" in exc.value.message
    assert not AuditEvent.objects.filter(action="security.password.changed").exists()


def test_only_the_person_changes_their_own_password(clerk, office_admin):
    from gongkai.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.change_password(clerk, acting_user=office_admin, old_password="correct-horse-battery",
                                 new_password="Spring-plough-2026")


def test_a_changed_password_clears_the_flag_and_is_audited(clerk):
    clerk.password_change_required = True
    services.change_password(clerk, acting_user=clerk, old_password="correct-horse-battery",
                             new_password="Spring-plough-2026")
    clerk.refresh_from_db()
    assert clerk.check_password("Spring-plough-2026") and not clerk.password_change_required
    event = AuditEvent.objects.get(action="security.password.changed")
    assert event.target == clerk and event.data["was_required"] is True and event.label == "修改密码"
    assert "Spring" not in str(event.data)


def test_the_password_page_shows_each_problem_next_to_its_field(client, clerk):
    log_in(client, clerk)
    response = client.post("/manage/security/password/", {"old_password": "correct-horse-battery",
                                                          "new_password": "alllowercase", "new_password2": "other"})
    assert response.status_code == 400 and "两次输入的新密码不一致" in response.content.decode()
    response = client.post("/manage/security/password/", {"old_password": "correct-horse-battery",
                                                          "new_password": "alllowercase",
                                                          "new_password2": "alllowercase"})
    assert response.status_code == 400 and "现有 1 类：小写字母" in response.content.decode()
    response = client.post("/manage/security/password/", {"old_password": "nope", "new_password": "Spring-plough-2026",
                                                          "new_password2": "Spring-plough-2026"})
    assert response.status_code == 400 and "原密码不正确" in response.content.decode()
