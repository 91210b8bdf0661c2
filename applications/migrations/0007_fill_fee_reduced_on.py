# Fill FeeNotice.reduced_on for the reductions and waivers recorded before the column existed: the date of the
# waiver/reduction audit event when there is one (waive_fee), else the notice's date (a reduction at notice time).

from django.db import migrations

REDUCTION_ACTIONS = ("applications.fee.waived", "applications.fee.reduced")


def fill(apps, schema_editor):
    FeeNotice = apps.get_model("applications", "FeeNotice")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="applications", model="application").first()
    for fee in FeeNotice.objects.filter(reduction_approved_by__isnull=False, reduced_on__isnull=True):
        day = fee.notified_on
        if content_type is not None:
            event = (AuditEvent.objects.filter(target_type=content_type, target_id=str(fee.application_id),
                                               action__in=REDUCTION_ACTIONS).order_by("-created_at", "-id").first())
            if event is not None and isinstance(event.data, dict) and event.data.get("date"):
                day = event.data["date"]
        FeeNotice.objects.filter(pk=fee.pk).update(reduced_on=day)


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0006_cost_fee_items'),
        ('audit', '0004_fill_hash_chain'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
