from datetime import date

from django.core.management.base import BaseCommand

from casework.sweep import sweep_deadlines


class Command(BaseCommand):
    help = "每日期限巡检：提前5、3、1个工作日及逾期时提醒承办人（依申请公开、投诉、建议提案等）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期巡检（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        today = date.fromisoformat(options["date"]) if options.get("date") else None
        result = sweep_deadlines(today)
        line = f"检查{result.checked}项，发出提醒{result.sent}条，逾期{result.overdue}项。"
        if result.escalated:
            line = line[:-1] + f"，报县政务公开办督办{result.escalated}项。"
        self.stdout.write(line)
