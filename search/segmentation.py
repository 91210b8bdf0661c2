"""Chinese word segmentation (rjieba: jieba's output, about 40 times faster).

Index time uses search mode, which emits a compound and its parts (行政复议 → 行政/复议/行政复议), so a query for
either finds it. Query time uses the normal mode and ANDs the words.
"""

import re

import rjieba

_DROP = re.compile(r"^[\W_]+$", re.UNICODE)
_MAX_QUERY_TERMS = 8


def segment_for_index(text: str) -> str:
    """Space-separated tokens of `text` (punctuation dropped), lower-cased."""
    return " ".join(t.lower() for t in rjieba.cut_for_search(text or "") if t.strip() and not _DROP.match(t))


def query_terms(query: str) -> list[str]:
    """The distinct words of a user's query, in order; at most eight."""
    terms: list[str] = []
    for token in rjieba.cut((query or "").strip()):
        token = token.strip().lower()
        if token and not _DROP.match(token) and token not in terms:
            terms.append(token)
    return terms[:_MAX_QUERY_TERMS]
