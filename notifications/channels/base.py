"""What every channel provides: how its addresses look and are masked, how a message is rendered from the event's
templates, and how a batch is sent through its gateway."""

from dataclasses import dataclass, field

from django.template import TemplateDoesNotExist

from ..rendering import render_text


@dataclass(frozen=True)
class Rendered:
    """A message ready for one recipient: subject (e-mail only), body, the link it points to, extra fields (mail
    headers, WeChat keywords)."""

    to: str
    subject: str
    body: str
    link: str = ""
    extra: dict = field(default_factory=dict)


class Channel:
    key: str = ""
    label: str = ""
    # Where the message bodies are looked up when this channel has no template of its own for an event.
    fallback: str = ""

    def normalise(self, address: str) -> str | None:
        """The address in its canonical form, or None when `address` is not one of this channel's."""
        raise NotImplementedError

    def mask(self, address: str) -> str:
        raise NotImplementedError

    def templates(self, event: str, part: str = "") -> list[str]:
        suffix = f".{part}.txt" if part else ".txt"
        names = [f"notifications/{self.key}/{event}{suffix}"]
        if self.fallback and not part:
            names.append(f"notifications/{self.fallback}/{event}{suffix}")
        return names

    def render_part(self, event: str, context: dict, part: str = "") -> str:
        return render_text(self.templates(event, part), context)

    def has_templates(self, event: str) -> bool:
        try:
            self.render_part(event, {})
        except TemplateDoesNotExist:
            return False
        return True

    def render(self, event: str, to: str, context: dict) -> Rendered:
        return Rendered(to=to, subject="", body=self.render_part(event, context), link=context.get("link", ""))

    def send(self, messages: list[Rendered]) -> int:
        """Send a batch; return how many went out. Raise when the gateway fails (the kernel records and retries)."""
        raise NotImplementedError
