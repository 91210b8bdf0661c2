import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="applications.tasks.render_letter_files_task")
def render_letter_files_task(letter_id: int) -> None:
    """Render a letter's DOCX and PDF after its transaction committed. A failure is logged: the download view renders
    the files on demand, so a letter is never lost."""
    from .letters.render import render_files
    from .models import Letter

    letter = Letter.objects.select_related("application__agency").filter(pk=letter_id).first()
    if letter is None:
        return
    try:
        render_files(letter)
    except Exception:
        logger.exception("rendering letter %s failed", letter_id)
