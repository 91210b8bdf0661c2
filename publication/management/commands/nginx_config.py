"""Write the nginx configuration of deploy/nginx/ for this deployment's settings (see deploy/nginx/README.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from publication import nginx


class Command(BaseCommand):
    help = "生成 nginx 配置（deploy/nginx/）：按本机设置的 PUBLISH_ROOT、STATIC_ROOT 和应用地址写出 include 文件"

    def add_arguments(self, parser):
        parser.add_argument("--dest", metavar="DIR", default="/etc/nginx/gongkai",
                            help="写入目录（默认 /etc/nginx/gongkai）")
        parser.add_argument("--upstream", metavar="HOST:PORT", action="append",
                            help="应用服务器（granian/gunicorn）地址，可重复（每个 Web 节点一个），默认 127.0.0.1:8000")
        parser.add_argument("--standalone", metavar="LISTEN",
                            help="另写一个完整的 nginx.conf（监听该地址，如 127.0.0.1:8080），日志和临时文件都在 --dest 下")

    def handle(self, *args, **options):
        dest = Path(options["dest"])
        upstreams = options["upstream"] or ["127.0.0.1:8000"]
        try:
            if options["standalone"]:
                conf = nginx.render_standalone(dest, listen=options["standalone"], publish_root=settings.PUBLISH_ROOT,
                                               static_root=settings.STATIC_ROOT, upstream=upstreams)
                self.stdout.write(f"已写入 {conf}；启动：nginx -p {dest} -c {conf}")
                return
            written = nginx.render_includes(dest, publish_root=settings.PUBLISH_ROOT,
                                            static_root=settings.STATIC_ROOT, upstream=upstreams)
        except (ValueError, OSError) as exc:
            raise CommandError(f"无法生成 nginx 配置：{exc}")
        self.stdout.write("已写入：" + "、".join(str(p) for p in written))
        self.stdout.write(f"在 http {{}} 中：include {dest / 'gongkai-http.conf'};\n"
                          f"在站点的 server {{}} 中：include {dest / 'gongkai-server.conf'};")
