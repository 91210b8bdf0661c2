"""A logging filter that masks personal data in every log record (ID numbers, mobile numbers)."""

import logging
import re

from .masking import mask_id_number, mask_phone

_ID_RE = re.compile(r"(?<![0-9])\d{17}[\dXx](?![0-9])")
_MOBILE_RE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")


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
