"""manage.py verify_audit: walk the audit trail's hash chain and say whether it is intact.

Exit code 0 and one line (events checked, head hash) when intact; otherwise the first broken place and what kind of
break it is, on stderr, and exit code 1. The result is itself an audit event (shown on /manage/audit/). Run it daily
(cron or a Celery beat entry) and alert on a non-zero exit.
"""

from django.core.management.base import BaseCommand, CommandError

from audit.services import verify_chain


class Command(BaseCommand):
    help = "校验审计记录的哈希链：发现被修改、删除、调换顺序或截断的记录时报告第一处并以非零状态退出"

    def handle(self, *args, **options):
        result = verify_chain(acting_user=None)
        if not result.intact:
            raise CommandError(result.summary)
        self.stdout.write(result.summary)
