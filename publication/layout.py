"""Where a published URL lives in PUBLISH_ROOT (the contract with deploy/nginx/, do not change it lightly):

    /a/b/                      → a/b/index.html        (长辈版: a/b/index.elder.html, chosen by the cookie elder=1)
    /gk/X/feed.xml             → gk/X/feed.xml          (any URL that is not a directory: the file at the same path)
    every text file            → plus <file>.gz         (gzip -9, same mtime)
    pdf, docx, xlsx            → no .gz

Only URLs without a query string are ever published.
"""

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

INDEX = "index.html"
ELDER_INDEX = "index.elder.html"

TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/atom+xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
BINARY_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CONTENT_TYPES = {**TEXT_TYPES, **BINARY_TYPES}


def root() -> Path:
    return Path(settings.PUBLISH_ROOT)


def is_text(file: Path | str) -> bool:
    return PurePosixPath(str(file)).suffix in TEXT_TYPES


def content_type(file: Path | str) -> str:
    return CONTENT_TYPES[PurePosixPath(str(file)).suffix]


@dataclass(frozen=True)
class Variant:
    """One file of a URL: the standard page, or its 长辈版 (only for pages, i.e. directory URLs)."""

    relative: str  # relative to PUBLISH_ROOT, POSIX separators
    elder: bool = False


def _segments(url_path: str) -> list[str] | None:
    if not url_path.startswith("/") or "\\" in url_path or "\x00" in url_path or "//" in url_path:
        return None
    segments = [s for s in url_path.split("/") if s]
    if any(s in (".", "..") or s.startswith(".") for s in segments):
        return None
    return segments


def variants(url_path: str) -> list[Variant]:
    """The files a published URL is written to ([] if the URL can never be published)."""
    segments = _segments(url_path)
    if segments is None:
        return []
    if url_path.endswith("/"):
        base = "/".join(segments)
        prefix = f"{base}/" if base else ""
        return [Variant(prefix + INDEX), Variant(prefix + ELDER_INDEX, elder=True)]
    # .html files are only ever a directory URL's index (so /index.html is not a second address of /)
    if not segments or PurePosixPath(segments[-1]).suffix not in CONTENT_TYPES.keys() - {".html"}:
        return []
    return [Variant("/".join(segments))]


def file_for(url_path: str, *, elder: bool = False) -> Path | None:
    """The file a request for `url_path` is answered from (whether or not it exists), None if not publishable."""
    found = variants(url_path)
    if not found:
        return None
    chosen = next((v for v in found if v.elder == elder), found[0])
    return root() / chosen.relative


def all_files(variant: Variant) -> list[Path]:
    """The file and its precompressed sibling (text only)."""
    path = root() / variant.relative
    return [path, gz_of(path)] if is_text(path) else [path]


def gz_of(path: Path) -> Path:
    return path.with_name(path.name + ".gz")
