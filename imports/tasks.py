from celery import shared_task


def _load(run_id: int, user_id: int):
    from agencies.models import User

    from .models import ImportRun

    return ImportRun.objects.filter(pk=run_id).first(), User.objects.filter(pk=user_id).first()


@shared_task(name="imports.tasks.check_run_task")
def check_run_task(run_id: int, user_id: int) -> None:
    """The dry run of an uploaded file, queued by services.start_check."""
    from .services import run_check

    run, user = _load(run_id, user_id)
    if run is not None and user is not None:
        run_check(run, acting_user=user)


@shared_task(name="imports.tasks.import_run_task")
def import_run_task(run_id: int, user_id: int) -> None:
    """The import of a checked file, queued by services.start_import."""
    from .services import run_import

    run, user = _load(run_id, user_id)
    if run is not None and user is not None:
        run_import(run, acting_user=user)
