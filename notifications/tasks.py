from celery import current_app, shared_task


@shared_task(name="notifications.tasks.deliver_task")
def deliver_task(delivery_ids: list[int]) -> dict:
    """Send queued deliveries. Those that fail are marked for a retry; with a worker (not eager) the retry is also
    scheduled here with its backoff, and the retry sweep catches any that a lost task would leave behind."""
    from .models import Delivery, DeliveryStatus
    from .services import send

    sent, failed = send(delivery_ids)
    if failed and not current_app.conf.task_always_eager:
        from gongkai import clock

        for pk, due in Delivery.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.RETRYING).values_list(
                "pk", "next_attempt_at"):
            countdown = max(0, int((due - clock.now()).total_seconds())) if due else 60
            deliver_task.apply_async(([pk],), countdown=countdown)
    return {"sent": sent, "failed": failed}


@shared_task(name="notifications.tasks.retry_deliveries_task")
def retry_deliveries_task() -> dict:
    """Every few minutes (beat): send again the deliveries whose next attempt is due."""
    from .services import retry_due

    sent, failed = retry_due()
    return {"sent": sent, "failed": failed}
