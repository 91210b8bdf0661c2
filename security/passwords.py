"""Password rules beyond Django's validators (等保 2.0 level 3, 8.1.4.1 a: 身份鉴别信息具有复杂度要求).

Django's validators already answer in Chinese (length, similarity to the username or name, common, all digits); this
one adds the character classes that assessors read "复杂度" as: at least three of upper-case letters, lower-case
letters, digits and symbols.
"""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

CHARACTER_CLASSES = [
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda ch: ch.isascii() and not ch.isalnum() and not ch.isspace()),
]


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def classes_in(self, password: str) -> list[str]:
        return [name for name, test in CHARACTER_CLASSES if any(test(ch) for ch in password)]

    def validate(self, password: str, user=None) -> None:
        found = self.classes_in(password)
        if len(found) < self.min_classes:
            raise ValidationError(
                f"密码须至少包含大写字母、小写字母、数字、符号中的 {self.min_classes} 类"
                f"（现有 {len(found)} 类{('：' + '、'.join(found)) if found else ''}）。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码须至少包含大写字母、小写字母、数字、符号中的 {self.min_classes} 类。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with a Chinese message: Django 5.2 changed the sentence's msgid (%d instead of
    %(min_length)d) and its zh_Hans catalogue still has only the old one, so the English would show."""

    def get_error_message(self) -> str:
        return f"密码长度太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"
