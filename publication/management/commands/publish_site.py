"""Write the public pages as files into PUBLISH_ROOT (nginx serves them; see docs/publication.md)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from agencies.selectors import public_agencies
from publication import layout, services


class Command(BaseCommand):
    help = "生成静态发布文件：重建全部公开页面（或一个机关的页面），或只写入待发布的页面（--pending）"

    def add_arguments(self, parser):
        parser.add_argument("--agency", metavar="CODE", help="只重建该机关的页面（机关代码）")
        parser.add_argument("--pending", action="store_true", help="只写入待发布队列中的页面（上次中断或失败的）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度")

    def handle(self, *args, **options):
        if options["pending"]:
            if options["agency"]:
                raise CommandError("--pending 与 --agency 不能同时使用。")
            result = services.drain()
            self.stdout.write(f"待发布队列：完成{result.rows}项，写入{result.written}个文件，未变{result.unchanged}个，"
                              f"删除{result.removed}个，失败{len(result.failed)}项。")
            if result.failed:
                raise CommandError("以下页面未能生成，将在下次运行时重试：" + "、".join(result.failed[:20]))
            return
        agency = None
        if code := options["agency"]:
            agency = public_agencies().filter(code=code).first()
            if agency is None:
                raise CommandError(f"机关代码“{code}”不存在或未启用。")
        show = not options["no_progress"]
        tty = show and sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            if not show:
                return
            if tty:
                width = 30
                filled = width * done // total
                sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
                if done == total:
                    sys.stderr.write("\n")
            elif done == total or done % 500 == 0:
                sys.stderr.write(f"{done}/{total}\n")
            sys.stderr.flush()

        result = services.publish_site(agency=agency, progress=progress)
        self.stdout.write(f"发布目录 {layout.root()}：{result.urls}个页面，写入{result.written}个文件，"
                          f"未变{result.unchanged}个，删除{result.removed}个，失败{len(result.failed)}个，"
                          f"用时{result.seconds:.1f}秒。")
        if result.failed:
            raise CommandError("以下页面未能生成（原文件保留）：" + "、".join(result.failed[:20]))
