from django.core.management.base import BaseCommand, CommandError

from gongkai.errors import DomainError
from security.selectors import account_named, live_tokens_of
from security.tokens import revoke_api_token


class Command(BaseCommand):
    help = ("吊销工作人员的接口令牌（立即失效），用法：revoke_api_token USERNAME (--name 名称 | --prefix 前缀 | --all) "
            "[--reason 原因]")

    def add_arguments(self, parser):
        parser.add_argument("username")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--name", help="令牌名称")
        which.add_argument("--prefix", help="令牌前缀（gk_ 之后的8位）")
        which.add_argument("--all", action="store_true", help="该人员全部未吊销的令牌")
        parser.add_argument("--reason", default="", help="吊销原因（记入审计记录）")

    def handle(self, *args, **options):
        user = account_named(options["username"])
        if user is None:
            raise CommandError(f"用户“{options['username']}”不存在。")
        tokens = live_tokens_of(user, name=options["name"], prefix=options["prefix"])
        if not tokens:
            raise CommandError(f"“{user.display_name}”没有符合条件的未吊销令牌。")
        for token in tokens:
            try:
                revoke_api_token(token, acting_user=None, reason=options["reason"])
            except DomainError as error:
                raise CommandError(error.message) from None
            self.stdout.write(f"已吊销“{user.display_name}”的接口令牌“{token.name}”（{token.display_prefix}）。")
