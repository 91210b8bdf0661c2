from celery import shared_task


@shared_task(name="publication.tasks.drain_task", ignore_result=True)
def drain_task() -> dict:
    """Write the pending pages. Never raises (eager mode runs it inside the request that made the change)."""
    import logging

    from .services import drain

    try:
        result = drain()
    except Exception:
        logging.getLogger(__name__).exception("publication: drain failed; the rows stay for the next one")
        return {"error": True}
    return {"rows": result.rows, "written": result.written, "unchanged": result.unchanged,
            "removed": result.removed, "failed": len(result.failed)}
