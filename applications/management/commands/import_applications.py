"""manage.py import_applications AGENCY FILE --user USERNAME [--dry-run] [--map 词=A12 ...]

Imports (or, with --dry-run, only checks) an application register (依申请公开台账, XLSX) for the agency with code
AGENCY through `applications.imports`, the same service as the back-office page. Reply words that map to no code stop
the import; --map WORD=CODE chooses a code for one (saved for the agency's next file). The person (--user) must hold
办理依申请公开 in the agency; the audit trail names them.
"""


from django.core.management.base import BaseCommand, CommandError

from applications import imports
from gongkai.errors import DomainError
from imports.command_arguments import agency_user_and_file


class Command(BaseCommand):
    help = "导入依申请公开台账（XLSX）。"

    def add_arguments(self, parser):
        parser.add_argument("agency", help="机关代码")
        parser.add_argument("file", help="台账文件（.xlsx）")
        parser.add_argument("--user", required=True, help="操作人用户名（记入审计日志）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不导入")
        parser.add_argument("--map", action="append", default=[], metavar="词=答复类型",
                            help="为台账中的答复类型写法指定代码，例如 --map 不予公开=A8（可重复）")

    def handle(self, *args, **options):
        agency, user, path = agency_user_and_file(options)
        words = {}
        for pair in options["map"]:
            word, sep, code = pair.rpartition("=")
            if not sep or not word.strip():
                raise CommandError(f"“{pair}”格式不正确，应为 词=答复类型，例如 不予公开=A8。")
            words[word.strip()] = code.strip()
        try:
            result = imports.import_ledger(agency, path, path.name, acting_user=user, words=words,
                                           dry_run=options["dry_run"])
        except DomainError as error:
            if error.code == "import_unmapped_reply_words":
                self._unmapped(imports.check_ledger(agency, path, words=words))
            raise CommandError(error.message)
        self.stdout.write("字段对应：" + "；".join(f"{imports.FIELDS[k]} ← {v}" for k, v in result.mapping.items()))
        for line, reason in result.problems:
            self.stdout.write(f"第{line}行：{reason}")
        self._unmapped(result)
        verb = "可导入" if options["dry_run"] else "已导入"
        count = result.ready if options["dry_run"] else result.imported
        self.stdout.write(f"{verb} {count} 件；已导入过（跳过）{result.existing} 件；重复行（跳过）{result.duplicates} 行；"
                          f"有问题 {len(result.problems)} 行。")

    def _unmapped(self, result) -> None:
        for word, count in result.unmapped.most_common():
            self.stdout.write(f"未对应的答复类型：“{word}”（{count}行），请用 --map {word}=A? 指定。")
