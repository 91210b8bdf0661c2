from django.core.management.base import BaseCommand

from oversight.services.subscriptions import purge_unconfirmed


class Command(BaseCommand):
    help = "删除超过期限仍未确认的订阅地址（个人信息不超期保存）"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="未确认超过多少天即删除，默认30天")

    def handle(self, *args, **options):
        n = purge_unconfirmed(older_than_days=options["days"])
        self.stdout.write(f"已删除{n}个未确认订阅的地址。")
