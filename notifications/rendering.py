"""Message bodies are Django templates (`notifications/templates/notifications/<channel>/<event>.txt`), rendered as
plain text: an engine of its own without HTML autoescaping (a body is never HTML), reading the same template folders
as the site, so a deployment can override a wording in its own templates folder."""

from functools import cache

from django.conf import settings
from django.template import Context, Engine


@cache
def _engine() -> Engine:
    dirs = [d for config in settings.TEMPLATES for d in config.get("DIRS", [])]
    return Engine(dirs=dirs, app_dirs=True, autoescape=False)


def render_text(names: list[str], context: dict) -> str:
    """The first template found among `names`, rendered; surrounding blank space trimmed and runs of blank lines
    (left by template tags) folded into one."""
    template = _engine().select_template(names)
    text = template.render(Context(context))
    lines = [line.rstrip() for line in text.strip().splitlines()]
    folded: list[str] = []
    for line in lines:
        if line or (folded and folded[-1]):
            folded.append(line)
    return "\n".join(folded)
