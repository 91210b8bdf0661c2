"""manage.py import_oversight AGENCY KIND FILE --user USERNAME [--dry-run]

Imports (or, with --dry-run, only checks) an oversight register kept in Excel for the agency with code AGENCY through
`oversight.imports`: KIND is `review` (行政复议、行政诉讼案件) or `suggestions` (人大代表建议、政协提案). The columns
are guessed from the header names. The person (--user) must hold 监督保障管理 in the agency; the audit trail names them.
"""


from django.core.management.base import BaseCommand, CommandError

from gongkai.errors import DomainError
from imports.command_arguments import agency_user_and_file
from oversight import imports


class Command(BaseCommand):
    help = "导入行政复议、行政诉讼案件台账或人大代表建议、政协提案台账（XLSX）。"

    def add_arguments(self, parser):
        parser.add_argument("agency", help="机关代码")
        parser.add_argument("kind", choices=sorted(imports.REGISTERS), help="review 或 suggestions")
        parser.add_argument("file", help="台账文件（.xlsx）")
        parser.add_argument("--user", required=True, help="操作人用户名（记入审计日志）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不导入")

    def handle(self, *args, **options):
        agency, user, path = agency_user_and_file(options)
        register = imports.register_for(options["kind"])
        try:
            result = imports.import_register(agency, options["kind"], path, path.name, acting_user=user,
                                             dry_run=options["dry_run"])
        except DomainError as error:
            raise CommandError(error.message)
        self.stdout.write(f"{register.label}，字段对应：" + "；".join(f"{register.fields[k]} ← {v}"
                                                                 for k, v in result.mapping.items()))
        for line, reason in result.problems:
            self.stdout.write(f"第{line}行：{reason}")
        verb, count = ("可导入", result.ready) if options["dry_run"] else ("已导入", result.imported)
        self.stdout.write(f"{verb} {count} 件；已导入过（跳过）{result.existing} 件；重复行（跳过）{result.duplicates} 行；"
                          f"有问题 {len(result.problems)} 行。")
