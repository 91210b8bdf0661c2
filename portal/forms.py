"""What every public form of the portal shares: a honeypot field, refusals of rate-limited and bot-filled
submissions that keep what was typed, and domain errors placed on the field they concern."""

from django import forms

from gongkai.errors import DomainError

LIMITED = "提交过于频繁，请稍等几分钟后再提交。您填写的内容已保留在下方。"
SPAM = "提交内容异常，请刷新页面后重新填写。"


class PublicForm(forms.Form):
    # Bots fill every field; people never see this one (hidden by CSS and aria-hidden).
    website = forms.CharField(required=False, label="请勿填写此项")

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def refusal(self, request) -> int | None:
        """The HTTP status refusing a rate-limited (429) or bot-filled (400) submission, its message added to the
        form; None when the submission may be validated."""
        if getattr(request, "limited", False):
            self.is_valid()
            self.add_error(None, LIMITED)
            return 429
        if self.is_spam():
            self.add_error(None, SPAM)
            return 400
        return None

    def add_domain_error(self, exc: DomainError) -> None:
        self.add_error(exc.field if exc.field in self.fields else None, exc.message)
