from celery import shared_task


@shared_task(name="oversight.tasks.push_publication_task", autoretry_for=(ConnectionError, OSError),
             retry_backoff=True, max_retries=5)
def push_publication_task(item_id: int) -> int:
    """Push one newly published item to the 民生服务平台 subscribers (idempotent: each subscriber gets it once)."""
    from .services.subscriptions import push_publication

    return push_publication(item_id)


@shared_task(name="oversight.tasks.purge_unconfirmed_subscriptions_task")
def purge_unconfirmed_subscriptions_task() -> int:
    """Daily: erase the addresses of subscriptions never confirmed within 30 days (data minimisation)."""
    from .services.subscriptions import purge_unconfirmed

    return purge_unconfirmed(older_than_days=30)
