"""Why a backup or a restore stopped. The commands print the Chinese message and exit non-zero."""

from gongkai.errors import DomainError


class BackupFailed(DomainError):
    """The archive could not be written (nothing is left under the final name)."""

    default_code = "backup_failed"


class ArchiveRejected(DomainError):
    """The archive is not one of ours, is truncated or was altered: nothing was restored."""

    default_code = "archive_rejected"


class RestoreRefused(DomainError):
    """The target is not fit for a restore (a database in use, files that would be overwritten): nothing was touched."""

    status = 409
    default_code = "restore_refused"
