"""The WeChat 公众号 template-message gateway behind the WeChat channel (`notifications.channels.wechat`), a pluggable
backend chosen by `settings.WECHAT_BACKEND` like the SMS gateway: development writes each message to a JSON-lines file
under VAR_DIR/wechat, tests keep them in memory.

A production backend is a subclass of `BaseWechatBackend` whose `send_messages` posts each message to the official
account's template-message API. Its shape (no network here; the operator's deployment adds the HTTP client):

    class OfficialAccountBackend(BaseWechatBackend):
        # settings.WECHAT_APP_ID / WECHAT_APP_SECRET (secrets through *_FILE, see gongkai/env.py)
        def access_token(self) -> str:
            # GET https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=…&secret=…
            # cache it for its expires_in (7200 s) less a margin; never log it
        def send_messages(self, messages):
            # for each: POST https://api.weixin.qq.com/cgi-bin/message/template/send?access_token=…
            #   with message.payload() as JSON; errcode 0 = sent; any other errcode raises WechatSendError(errmsg)
            #   (the kernel records the error and retries with backoff)

`OfficialAccountBackend` below has exactly that shape and refuses to run until `post()` is provided.
"""

import json
import threading
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from gongkai import clock


@dataclass(frozen=True)
class WechatMessage:
    """One template message: the recipient's openid under this 公众号, the template (configured per event in
    settings.WECHAT_TEMPLATES), the keyword fields and the link opened when the message is tapped."""

    to: str
    template_id: str
    data: dict = field(default_factory=dict)
    url: str = ""

    def payload(self) -> dict:
        return {"touser": self.to, "template_id": self.template_id, "url": self.url,
                "data": {key: {"value": value} for key, value in self.data.items()}}


class WechatSendError(Exception):
    pass


class BaseWechatBackend:
    def send_messages(self, messages: list[WechatMessage]) -> int:
        """Send the messages; return how many were sent. Raise on a gateway error."""
        raise NotImplementedError


# Like django.core.mail.outbox: tests read and clear it.
outbox: list[WechatMessage] = []


class MemoryWechatBackend(BaseWechatBackend):
    def send_messages(self, messages: list[WechatMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


class FileWechatBackend(BaseWechatBackend):
    """One JSON-lines file per batch under VAR_DIR/wechat, each line the payload the API would receive."""

    _lock = threading.Lock()

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory or Path(settings.VAR_DIR) / "wechat")

    def send_messages(self, messages: list[WechatMessage]) -> int:
        if not messages:
            return 0
        with self._lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self.directory / f"{clock.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.jsonl"
            with path.open("w", encoding="utf-8") as handle:
                for message in messages:
                    handle.write(json.dumps(asdict(message), ensure_ascii=False) + "\n")
        return len(messages)


class OfficialAccountBackend(BaseWechatBackend):
    """The real gateway's shape (see the module docstring). `post(url, payload) -> dict` is the deployment's HTTP
    client; without one it refuses, so that a misconfiguration is an error in the delivery log, never a silent drop."""

    API = "https://api.weixin.qq.com/cgi-bin/message/template/send"

    def access_token(self) -> str:
        raise WechatSendError("未配置微信公众号接口（access_token）。")

    def post(self, url: str, payload: dict) -> dict:
        raise WechatSendError("未配置微信公众号接口的 HTTP 客户端。")

    def send_messages(self, messages: list[WechatMessage]) -> int:
        sent = 0
        for message in messages:
            answer = self.post(f"{self.API}?access_token={self.access_token()}", message.payload())
            if answer.get("errcode", 0) != 0:
                raise WechatSendError(f"微信接口返回错误 {answer.get('errcode')}：{answer.get('errmsg', '')}")
            sent += 1
        return sent


def get_backend() -> BaseWechatBackend:
    return import_string(getattr(settings, "WECHAT_BACKEND", "notifications.gateways.wechat.FileWechatBackend"))()
