"""manage.py load_calendar: load the years of the installed chinesecalendar package that are not loaded yet."""

from django.core.management.base import BaseCommand, CommandError

from agencies.models import User
from gongkai.errors import DomainError
from workdays.services import load_package_years


class Command(BaseCommand):
    help = "从已安装的 chinesecalendar 软件包载入尚未载入的年份（国务院办公厅公布新一年节假日安排并升级软件包后运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="username", default=None, help="以哪个平台管理员的名义记录（默认第一个超级用户）")

    def handle(self, *args, **options):
        users = User.objects.filter(is_superuser=True, is_active=True)
        if options["username"]:
            users = users.filter(username=options["username"])
        admin = users.order_by("pk").first()
        if admin is None:
            raise CommandError("没有可用的平台管理员账号（超级用户）。")
        try:
            added = load_package_years(acting_user=admin)
        except DomainError as error:
            raise CommandError(error.message) from None
        if added:
            self.stdout.write("已载入：" + "、".join(f"{y}年" for y in added))
        else:
            self.stdout.write("软件包中没有尚未载入的年份。")
