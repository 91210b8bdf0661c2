"""Per-agency numbering (索引号 serials, letter numbers, application numbers): gap-free per year, never reused.

The row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers with IMMEDIATE transactions), so two
publications at the same moment never get the same number. Call inside the transaction that uses the number.
"""

from django.db import transaction

from .models import Agency, NumberSequence


def next_number(agency: Agency, key: str, year: int) -> int:
    with transaction.atomic():
        NumberSequence.objects.get_or_create(agency=agency, key=key, year=year)
        sequence = NumberSequence.objects.select_for_update().get(agency=agency, key=key, year=year)
        sequence.last_value += 1
        sequence.save(update_fields=["last_value"])
        return sequence.last_value


def raise_to(agency: Agency, key: str, year: int, value: int) -> None:
    """Make the sequence continue after `value` (numbers taken over from another system): it never goes down."""
    with transaction.atomic():
        NumberSequence.objects.get_or_create(agency=agency, key=key, year=year)
        sequence = NumberSequence.objects.select_for_update().get(agency=agency, key=key, year=year)
        if value > sequence.last_value:
            sequence.last_value = value
            sequence.save(update_fields=["last_value"])
