"""A logging filter that masks personal data in every log record (ID numbers, mobile numbers)."""

import logging
import re

from .masking import mask_id_number, mask_phone

# Digits inside a longer number, or the fraction of a number below one (durations: 0.13912345678 s), are not personal
# data. Anything else that looks like an ID or mobile number is masked, also next to a full stop ("1." in a numbered
# list, "13912345678.5号楼"): a privacy filter errs on the side of masking.
_NOT_AFTER_A_NUMBER = r"(?<![0-9])(?<![^0-9]0\.)(?<!^0\.)"
_NOT_BEFORE_A_NUMBER = r"(?![0-9])"
_ID_RE = re.compile(_NOT_AFTER_A_NUMBER + r"\d{17}[\dXx]" + _NOT_BEFORE_A_NUMBER)
_MOBILE_RE = re.compile(_NOT_AFTER_A_NUMBER + r"1[3-9]\d{9}" + _NOT_BEFORE_A_NUMBER)


def mask_personal_data(text: str) -> str:
    text = _ID_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    return _MOBILE_RE.sub(lambda m: mask_phone(m.group(0)), text)


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not drop the record
            return True
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
