"""Build the demo from the seed (东升乡, 望奎县, 2017) through the real services. Idempotent: run it again and
nothing is duplicated. Ends by printing the demo accounts, one per line: username, role, agency, password."""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.context import DemoContext
from demo.steps import STEPS
from publication.services import deferred


class Command(BaseCommand):
    help = "载入演示数据（望奎县人民政府、东升乡人民政府及其2017年政府信息公开情况）"

    def handle(self, *args, **options):
        ctx = DemoContext()
        with deferred():  # pages are recorded as pending, not rendered step by step: `manage.py publish_site` after
            for label, step in STEPS:
                with transaction.atomic():
                    step(ctx)
                self.stderr.write(f"演示数据：{label} … 完成")
        seen = set()
        for account in ctx.accounts:
            key = (account.username, account.role)
            if key in seen:
                continue
            seen.add(key)
            self.stdout.write("\t".join([account.username, account.role, account.agency, account.password]))
