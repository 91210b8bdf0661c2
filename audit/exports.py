"""The audit administrator's XLSX of the filtered events, written row by row (openpyxl write-only mode) into a
spooled temporary file: memory stays bounded whatever the number of events."""

import json
import tempfile
from collections.abc import Iterable

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .labels import label_for, state_label
from .models import AuditEvent

HEADERS = ("编号", "时间", "操作人", "操作人账号", "机关", "操作", "操作代码", "对象类型", "对象编号", "原状态",
           "新状态", "说明", "详情", "哈希")
WIDTHS = (10, 20, 12, 14, 24, 24, 32, 22, 10, 12, 12, 40, 60, 66)


def events_workbook(events: Iterable[AuditEvent], title: str) -> tuple[tempfile.SpooledTemporaryFile, int]:
    """The workbook in a temporary file (rewound) and the number of events written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("审计记录")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.append([title])
    sheet.append(list(HEADERS))
    rows = 0
    for event in events:
        time_cell = WriteOnlyCell(sheet, value=timezone.localtime(event.created_at).replace(tzinfo=None))
        time_cell.number_format = "yyyy-mm-dd hh:mm:ss"
        agency = event.agency.name if event.agency_id else ""
        sheet.append([
            event.pk, time_cell, event.actor_name, event.actor.username if event.actor_id else "", agency,
            label_for(event.action), event.action, f"{event.target_type.app_label}.{event.target_type.model}",
            event.target_id, state_label(event.from_state), state_label(event.to_state), event.comment,
            json.dumps(event.data, ensure_ascii=False, sort_keys=True) if event.data else "", event.hash,
        ])
        rows += 1
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - handed to the response
    book.save(output)
    output.seek(0)
    return output, rows
