"""What every import command (catalogue, application register, oversight registers) takes from its command line:
the agency by its code, the acting person by username (recorded in the audit trail) and the file."""

from pathlib import Path

from django.core.management.base import CommandError

from agencies.models import Agency, User


def agency_user_and_file(options: dict) -> tuple[Agency, User, Path]:
    agency = Agency.objects.filter(code=options["agency"]).first()
    if agency is None:
        raise CommandError(f"机关代码“{options['agency']}”不存在。")
    user = User.objects.filter(username=options["user"], is_active=True).first()
    if user is None:
        raise CommandError(f"用户“{options['user']}”不存在或已停用。")
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"文件“{path}”不存在。")
    return agency, user, path
