"""Check digits of Chinese identifiers: 居民身份证号码 (GB 11643-1999), 统一社会信用代码 (GB 32100-2015),
组织机构代码 (GB 11714-1997), and bank card numbers (Luhn)."""

import re
from datetime import date

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
ID_NUMBER_RE = re.compile(r"^\d{17}[\dX]$")

# GB 32100-2015: the 31 characters of the code set (no I, O, Z, S, V).
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
ORG_CODE_RE = re.compile(r"^[0-9A-Z]{8}[0-9X]$")


def id_number_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def is_valid_id_number(value: str) -> bool:
    """An 18-digit resident ID number with a real birth date and a correct check character."""
    value = value.strip().upper()
    if not ID_NUMBER_RE.match(value):
        return False
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if born.year < 1900:
        return False
    return id_number_check_char(value[:17]) == value[17]


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def is_valid_uscc(value: str) -> bool:
    """统一社会信用代码: 18 characters, the embedded 组织机构代码 and the final check character both correct."""
    value = value.strip().upper()
    if not USCC_RE.match(value):
        return False
    if uscc_check_char(value[:17]) != value[17]:
        return False
    return is_valid_org_code(value[8:17])


def org_code_check_char(first8: str) -> str:
    total = sum(_char_value(c) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def is_valid_org_code(value: str) -> bool:
    """组织机构代码 (9 characters, hyphen omitted) with a correct check character."""
    value = value.strip().upper().replace("-", "")
    if not ORG_CODE_RE.match(value):
        return False
    return org_code_check_char(value[:8]) == value[8]


def org_code_from_uscc(uscc: str) -> str:
    """MD-1: since 2015 the 9-character 组织机构代码 is embedded in positions 9–17 of the 统一社会信用代码."""
    return uscc.strip().upper()[8:17]


def passes_luhn(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _char_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - ord("A") + 10
