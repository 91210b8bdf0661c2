"""Demo data for the applications app (filled in by its issue)."""

from .context import DemoContext


def build(ctx: DemoContext) -> None:
    return None
