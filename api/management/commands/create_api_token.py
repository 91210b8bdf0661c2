from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from agencies.models import User


class Command(BaseCommand):
    help = "为工作人员生成（或显示已有的）接口令牌，用法：create_api_token USERNAME [--rotate]"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="作废旧令牌并生成新令牌")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{options['username']}”不存在或已停用。")
        if options["rotate"]:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
