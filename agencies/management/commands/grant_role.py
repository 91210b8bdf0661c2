"""`manage.py grant_role USERNAME AGENCY_CODE ROLE`: the operator grants a role from the server console.

The only way to grant 审计管理员 (三权分立: nobody who manages accounts in the back office may read the audit trail,
so nobody there may hand out that right). The grant is recorded with 系统 as the actor; the separation-of-duties rule
still applies.
"""

from django.core.management.base import BaseCommand, CommandError

from agencies import accounts
from agencies.models import Agency, Office, Role, User
from gongkai.errors import DomainError


class Command(BaseCommand):
    help = "在服务器控制台为工作人员授予角色（审计管理员只能这样授予），操作记入审计记录（操作人：系统）"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("agency_code", help="机关代码")
        parser.add_argument("role", choices=Role.values, help="角色：" + "，".join(f"{v}={lbl}" for v, lbl in Role.choices))
        parser.add_argument("--office", default="", help="办所名称（信息员）")
        parser.add_argument("--title", default="", help="职务")

    def handle(self, *args, **options):
        user, agency = account_and_agency(options["username"], options["agency_code"])
        office = None
        if options["office"]:
            office = Office.objects.filter(agency=agency, name=options["office"]).first()
            if office is None:
                raise CommandError(f"“{agency.name}”没有名为“{options['office']}”的办所。")
        try:
            accounts.grant_role(user, agency, options["role"], acting_user=None, office=office, title=options["title"])
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"已在“{agency.name}”为{user.display_name}（{user.username}）授予“{Role(options['role']).label}”角色。")


def account_and_agency(username: str, agency_code: str) -> tuple[User, Agency]:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"用户名“{username}”不存在。")
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        raise CommandError(f"机关代码“{agency_code}”不存在。")
    return user, agency
