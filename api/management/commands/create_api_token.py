from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.errors import DomainError
from security.models import ApiToken
from security.selectors import account_named
from security.tokens import create_api_token, expiry_after_days


class Command(BaseCommand):
    help = ("为工作人员创建接口令牌并打印一次（之后无法再查看），用法："
            "create_api_token USERNAME --name 名称 [--scope read|write] [--days N]")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="令牌名称（用途或调用系统），同一人未吊销的令牌不能重名")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ,
                            help="read 只读（默认）或 write 读写")
        parser.add_argument("--days", type=int, default=None,
                            help=f"有效天数（默认{settings.API_TOKEN_DEFAULT_DAYS}天，最长{settings.API_TOKEN_MAX_DAYS}天）")

    def handle(self, *args, **options):
        user = account_named(options["username"])
        if user is None:
            raise CommandError(f"用户“{options['username']}”不存在。")
        try:
            token, key = create_api_token(user, acting_user=None, name=options["name"], scope=options["scope"],
                                          expires_on=expiry_after_days(options["days"]))
        except DomainError as error:
            raise CommandError(error.message) from None
        # The key alone on stdout (KEY=$(manage.py create_api_token …)); the explanation on stderr.
        self.stdout.write(key)
        self.stderr.write(f"已为“{user.display_name}”创建接口令牌“{token.name}”（{token.get_scope_display()}，"
                          f"有效期至{token.expires_on:%Y-%m-%d}，前缀 {token.display_prefix}）。"
                          "令牌只显示这一次，请立即妥善保存。")
