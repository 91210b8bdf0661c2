"""`manage.py revoke_role USERNAME AGENCY_CODE ROLE`: the operator revokes a role from the server console (the only
way to revoke 审计管理员). Recorded with 系统 as the actor."""

from django.core.management.base import BaseCommand, CommandError

from agencies import accounts
from agencies.models import Membership, Role

from .grant_role import account_and_agency


class Command(BaseCommand):
    help = "在服务器控制台撤销工作人员的角色（审计管理员只能这样撤销），操作记入审计记录（操作人：系统）"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("agency_code", help="机关代码")
        parser.add_argument("role", choices=Role.values, help="角色")

    def handle(self, *args, **options):
        user, agency = account_and_agency(options["username"], options["agency_code"])
        membership = Membership.objects.filter(user=user, agency=agency, role=options["role"]).first()
        if membership is None:
            raise CommandError(f"{user.display_name}在“{agency.name}”没有“{Role(options['role']).label}”角色。")
        accounts.revoke_role(membership, acting_user=None)
        self.stdout.write(f"已撤销{user.display_name}（{user.username}）在“{agency.name}”的“{Role(options['role']).label}”角色。")
