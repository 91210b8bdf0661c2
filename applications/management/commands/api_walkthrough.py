"""A scripted API session: one application through 补正, third-party consultation, extension and reply, printing the
due date and its explanation after each step. Runs against the real URLconf with DRF's APIClient and token
authentication, inside a transaction that is rolled back: the database is left as it was.

    .venv/bin/python manage.py api_walkthrough [--username wangle]

With the demo loaded it acts as the given person (default: 王乐 of 东升乡); on an empty database it creates a
temporary agency and person inside the same rolled-back transaction.
"""

import json
import logging

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.test import APIClient

from agencies import accounts, services
from agencies.access import Perm, visible_agencies
from agencies.models import Agency, Role, User
from gongkai import clock
from privacy.masking import mask_address, mask_id_number, mask_phone
from security.models import ApiToken
from security.tokens import create_api_token


class _Rollback(Exception):
    pass


STEPS = [
    ("登记申请（当面提交）", "POST", "/api/v1/applications/", None),
    ("告知补正", "POST", "request-correction",
     {"date": "2026-03-04", "items": "请写明所需低保名单的年度和村屯。", "deadline": "2026-03-18"}),
    ("收到补正后的申请（期限重新起算）", "POST", "receive-correction", {"date": "2026-03-06"}),
    ("征求第三方意见", "POST", "start-consultation",
     {"date": "2026-03-09", "party": "third_party", "party_name": "东升村村民委员会", "party_received_on": "2026-03-09"}),
    ("第三方答复（同意公开）", "POST", "end-consultation", {"date": "2026-03-20", "outcome": "agreed"}),
    ("延期答复20个工作日", "POST", "extend", {"date": "2026-04-08", "days": 20, "reason": "所需信息需从多个村调取、核对"}),
    ("再次告知补正（应被拒绝）", "POST", "request-correction", {"date": "2026-04-09", "items": "再补正"}),
    ("答复：予以公开（A2）", "POST", "reply", {"date": "2026-04-24", "reply_code": "A2"}),
    ("送达（邮寄，交邮之日）", "POST", "deliver", {"date": "2026-04-27", "method": "post"}),
]


class Command(BaseCommand):
    help = "演示依申请公开接口：一件申请经补正、征求第三方意见、延期和答复，逐步打印答复期限及其计算说明（不保存任何数据）"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="wangle")

    def handle(self, *args, **options):
        logging.getLogger("django.request").setLevel(logging.ERROR)  # the refused step is expected
        try:
            with transaction.atomic():
                self._run(options["username"])
                raise _Rollback
        except _Rollback:
            self.stdout.write("\n（演示在事务中进行，已全部回滚，数据库未作任何改动。）")

    def _run(self, username: str) -> None:
        user, agency = self._actor(username)
        client = APIClient()
        # A one-day write token, rolled back with the rest: the person's own tokens are not touched.
        _, key = create_api_token(user, acting_user=None, name=f"接口演示{clock.now():%Y%m%d%H%M%S%f}",
                                  scope=ApiToken.Scope.WRITE, expires_on=clock.today())
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        self.stdout.write(f"操作人：{user.display_name}（{agency.name}），接口令牌认证（读写，演示后回滚）\n")
        pk = None
        for label, method, target, data in STEPS:
            if target.startswith("/"):
                url = target
                data = {"agency": agency.code, "channel": "in_person", "applicant_type": "natural_person",
                        "applicant_name": "张三", "id_type": "id_card", "id_number": "231221198001010116",
                        "phone": "13812345678", "address": "黑龙江省绥化市望奎县东升乡东升村3组",
                        "description": "东升乡2026年农村最低生活保障审批名单及发放标准",
                        "form_of_provision": "paper", "route": "post", "arrived_on": "2026-03-02"}
            else:
                url = f"/api/v1/applications/{pk}/{target}/"
            response = client.post(url, data, format="json")
            body = response.json()
            shown = {**data}
            # Personal data never goes to a log or a terminal unmasked, even made-up data.
            for key, mask in (("id_number", mask_id_number), ("phone", mask_phone), ("address", mask_address)):
                if key in shown:
                    shown[key] = mask(shown[key])
            self.stdout.write(f"\n【{label}】\n{method} {url}\n请求：{json.dumps(shown, ensure_ascii=False)}")
            self.stdout.write(f"响应：HTTP {response.status_code}")
            if response.status_code >= 400:
                self.stdout.write(f"  错误代码：{body['code']}\n  说明：{body['detail']}")
                if pk is None:
                    raise CommandError("登记失败，演示中止。")
                continue
            pk = body["id"]
            self.stdout.write(f"  状态：{body['status_label']}（{body['status']}）  适用条例：{body['rule_set']}年"
                              f"  答复类型：{body['reply_code'] or '—'}")
            pending = "（停止计算）" if body["status"] == "correction" else "（待定）"
            self.stdout.write(f"  答复期限：{body['due_date'] or pending}")
            self.stdout.write(f"  计算说明：{body['due_date_explanation']}")
        final = client.get(f"/api/v1/applications/{pk}/").json()
        self.stdout.write("\n【文书】")
        for letter in final["letters"]:
            self.stdout.write(f"  {letter['issued_on']}  {letter['number']}  {letter['title']}（{letter['addressee']}）")

    def _actor(self, username: str) -> tuple[User, Agency]:
        user = User.objects.filter(username=username).first()
        if user is not None:
            agency = visible_agencies(user, Perm.APPLICATIONS_HANDLE).order_by("pk").first()
            if agency is None:
                raise CommandError(f"用户“{username}”没有办理依申请公开的权限。")
            return user, agency
        # No such person (an empty database): a temporary agency and person, created through the same services as
        # the back office (system actor) and rolled back with everything else.
        county = Agency.objects.filter(parent__isnull=True).first() or services.create_agency(
            acting_user=None, code="WALK-COUNTY", name="演示县人民政府", short_name="演示县",
            kind=Agency.Kind.COUNTY_GOVERNMENT)
        township = services.create_agency(acting_user=None, code="WALK-TOWN", name="演示乡人民政府", short_name="演示乡",
                                          kind=Agency.Kind.TOWNSHIP, parent=county)
        user, _ = accounts.create_account(township, acting_user=None, username="walkthrough", full_name="王乐",
                                          role=Role.OFFICE_ADMIN)
        return user, township
