"""manage.py annual_report AGENCY_CODE YEAR --format json|html|pdf|docx|xlsx --output PATH

Writes an agency's annual report: the stored report as it stands (or, with --published, the version published on the
portal; without a stored report, a preview computed from the registers). Bad input (unknown agency, a year before the
agency existed or in the future) is a Chinese message on stderr and exit status 2."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.errors import DomainError
from reports.renderers import FORMATS, render
from reports.selectors import document_for_command


class Command(BaseCommand):
    help = "输出年度报告（JSON、HTML、PDF、DOCX 或 XLSX）"

    def add_arguments(self, parser):
        parser.add_argument("agency_code", help="机关代码")
        parser.add_argument("year", type=int, help="报告年度，例如 2017")
        parser.add_argument("--format", default="json", choices=FORMATS, dest="fmt")
        parser.add_argument("--output", "-o", default="-", help="输出文件路径；缺省或 - 为标准输出（仅 json、html）")
        parser.add_argument("--published", action="store_true", help="输出门户网站上已发布的版本")

    def handle(self, *args, agency_code, year, fmt, output, published, **options):
        try:
            doc = document_for_command(agency_code, year, published=published)
        except DomainError as e:
            raise CommandError(e.message, returncode=2) from None
        data = render(doc, fmt)
        if output in ("", "-"):
            if fmt not in ("json", "html"):
                raise CommandError(f"{fmt.upper()} 是二进制格式，请用 --output 指定文件。", returncode=2)
            self.stdout.write(data.decode("utf-8"))
            return
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        checks = "；".join(f"{c.rule}{'通过' if c.ok else '未通过'}" for c in doc.checks)
        self.stderr.write(f"已写入 {path}（{len(data)} 字节）：{doc.title}，{doc.status_label}。校验：{checks}")
