from django.db import models


class ReminderLog(models.Model):
    """One reminder sent for one clock: (key, due date, kind) is unique, so a sweep never repeats a reminder; a due
    date that moves (extension, recomputation) gets its own reminders."""

    key = models.CharField(max_length=120)
    due_on = models.DateField()
    kind = models.CharField(max_length=20)  # "before_5", "before_3", "before_1", "overdue"
    sent_at = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "due_on", "kind"], name="reminder_once")]
        indexes = [models.Index(fields=["key"], name="reminder_key")]
