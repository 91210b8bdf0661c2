"""Reads of the import pages: an agency's runs, one run with its problems and the categories it would fill."""

from agencies.access import Perm, scope
from gongkai.errors import NotFound

from .models import ImportMapping, ImportRun

PROBLEMS_SHOWN = 500


def runs_for(user, agency) -> list[ImportRun]:
    return list(scope(ImportRun.objects.filter(agency=agency), user, Perm.CATALOG_MANAGE)
                .select_related("created_by")[:50])


def get_run_for(user, pk: int) -> ImportRun:
    """The run if the person may manage its agency's catalogue; 404 otherwise (its existence is not revealed)."""
    run = scope(ImportRun.objects.select_related("agency", "created_by"), user, Perm.CATALOG_MANAGE).filter(
        pk=pk).first()
    if run is None:
        raise NotFound("该导入不存在，或您没有权限查看。", code="import_not_found")
    return run


def problems_of(run: ImportRun, limit: int = PROBLEMS_SHOWN):
    return list(run.problems.all()[:limit])


def saved_sources(agency) -> list[str]:
    return list(ImportMapping.objects.filter(agency=agency).values_list("source_name", flat=True))
