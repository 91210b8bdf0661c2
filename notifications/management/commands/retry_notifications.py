from django.core.management.base import BaseCommand

from notifications.services import retry_due


class Command(BaseCommand):
    help = "重新发送到期重试的通知（Celery beat 每5分钟运行一次；未使用 Celery 时可由 cron 调用）。"

    def handle(self, *args, **options):
        sent, failed = retry_due()
        self.stdout.write(f"重试发送：成功 {sent} 条，失败 {failed} 条。")
