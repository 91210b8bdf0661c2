"""Name the field that keeps each running suggestion clock's due date (casework.services.start_clock `due_field`), so
that a calendar change recomputes the 复文公开期限 of replies registered before this migration too."""

from django.db import migrations

DUE_FIELDS = {"handling": "reply_due_on", "replied": "disclosure_due_on", "disclosing": "disclosure_due_on"}


def fill(apps, schema_editor):
    Suggestion = apps.get_model("oversight", "Suggestion")
    for suggestion in Suggestion.objects.filter(status__in=DUE_FIELDS).exclude(clock_rule={}):
        if "due_field" not in suggestion.clock_rule:
            suggestion.clock_rule = {**suggestion.clock_rule, "due_field": DUE_FIELDS[suggestion.status]}
            suggestion.save(update_fields=["clock_rule"])


class Migration(migrations.Migration):
    dependencies = [("oversight", "0002_review_case_application")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
