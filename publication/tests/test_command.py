import pytest
import time_machine
from django.core.management import CommandError, call_command

from publication.models import PendingTarget

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-03-10 10:00 +0800", tick=False)
def test_publish_site_for_the_site_or_one_agency_with_a_summary(publish_root, county, township, category, approve,
                                                                capsys):
    item = approve(category)
    PendingTarget.objects.all().delete()  # (the rebuild of one agency also drains what is pending)
    call_command("publish_site", "--agency", township.code)
    out = capsys.readouterr()
    assert "写入" in out.out and "用时" in out.out
    assert (publish_root / "item" / item.index_no / "index.html").exists()
    assert not (publish_root / "index.html").exists()  # one agency: not the site's own pages
    (publish_root / "gk" / township.code / "old.xml").write_text("stale")
    call_command("publish_site")
    out = capsys.readouterr().out
    assert (publish_root / "index.html").exists() and not (publish_root / "gk" / township.code / "old.xml").exists()
    assert "删除1个" in out
    call_command("publish_site", "--pending")
    assert "待发布队列：完成0项" in capsys.readouterr().out
    with pytest.raises(CommandError, match="机关代码“nope”不存在"):
        call_command("publish_site", "--agency", "nope")
