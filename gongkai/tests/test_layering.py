"""Layering rule: the view modules of the three interface layers build no database query and read no raw grants.

A view parses, authorises through a selector or `agencies.access`, calls one service and renders. Every read it needs
is a named selector (`<app>/selectors.py`, tenant-scoped through `agencies.access.scope`), so the query is tested,
counted and reused by the other layers. Precisely, in every module under `portal/views/`, `backoffice/views/` and
`api/views/`, the checker below refuses:

- `.objects` (any model manager: `Item.objects.filter(...)`, `get_object_or_404(Item.objects.select_related(...))`);
- a call of a QuerySet-refining method (`QUERY_METHODS`: `.filter(`, `.exclude(`, `.select_related(`, `.order_by(`,
  `.annotate(`, …) on anything — a selector's result, a related manager (`case.documents.filter(...)`);
- `agency_ids` (imported or called): views ask `agencies.access` a question (`has_perm_anywhere`,
  `require_anywhere`, `visible_agencies`, `agency_for_page`) instead of reading the raw set of agency ids.

Not covered, on purpose: `.all()`, `.get()`, `.first()`, `.count()`, `.exists()` and `.values()` have namesakes on
dicts and lists and cannot be told apart without types; templates.

`ALLOWED` names the few functions that may still do it, each with the reason. It must stay short: an entry that is no
longer needed fails the test too.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VIEW_PACKAGES = ("portal/views", "backoffice/views", "api/views")
QUERY_METHODS = frozenset({
    "filter", "exclude", "select_related", "prefetch_related", "annotate", "aggregate", "values_list", "order_by",
    "only", "defer", "distinct", "extra", "raw", "get_or_create", "update_or_create", "bulk_create", "bulk_update",
    "select_for_update", "in_bulk", "union", "intersection", "difference",
})
RAW_GRANTS = "agency_ids"

# "<path>::<function>" (or "<path>::*" for a whole module): why it may build its query in the view. Keep it short.
ALLOWED: dict[str, str] = {
    # Both are being rewritten on other branches (the workflow kernel's `actions`, the oversight API's one view
    # factory per register); their reads move into selectors once those land, not in a conflicting edit beside them.
    "api/views/applications.py::*": "rewritten with the workflow kernel (issue 12, item 1)",
    "api/views/oversight.py::*": "rewritten as one view factory per register (issue 12, item 1)",
}


def _allowed(key: str) -> bool:
    return key in ALLOWED or f"{key.split('::')[0]}::*" in ALLOWED


def violations_in(source: str, path: str = "<string>") -> list[tuple[str, int, str]]:
    """(function, line, what) for each query built in `source`; function is the enclosing def ('' at module level,
    'Class.method' in a class)."""
    found: list[tuple[str, int, str]] = []

    class Visitor(ast.NodeVisitor):
        def __init__(self):
            self.scope: list[str] = []

        def _nested(self, node):
            self.scope.append(node.name)
            self.generic_visit(node)
            self.scope.pop()

        visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _nested

        def _add(self, node, what):
            found.append((".".join(self.scope), node.lineno, what))

        def visit_Attribute(self, node):
            if node.attr == "objects":
                self._add(node, ".objects")
            self.generic_visit(node)

        def visit_Call(self, node):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in QUERY_METHODS:
                self._add(node, f".{func.attr}(")
            if (isinstance(func, ast.Name) and func.id == RAW_GRANTS) or (
                    isinstance(func, ast.Attribute) and func.attr == RAW_GRANTS):
                self._add(node, f"{RAW_GRANTS}(")
            self.generic_visit(node)

        def visit_ImportFrom(self, node):
            if any(alias.name == RAW_GRANTS for alias in node.names):
                self._add(node, f"import {RAW_GRANTS}")

    Visitor().visit(ast.parse(source, filename=path))
    return found


def view_modules() -> list[Path]:
    return sorted(p for package in VIEW_PACKAGES for p in (ROOT / package).rglob("*.py"))


def all_violations() -> dict[str, list[tuple[int, str]]]:
    by_function: dict[str, list[tuple[int, str]]] = {}
    for module in view_modules():
        rel = module.relative_to(ROOT).as_posix()
        for function, line, what in violations_in(module.read_text(encoding="utf-8"), rel):
            by_function.setdefault(f"{rel}::{function}", []).append((line, what))
    return by_function


def test_views_build_no_queries_and_read_no_raw_grants():
    offending = {key: hits for key, hits in all_violations().items() if not _allowed(key)}
    report = "\n".join(f"  {key.split('::')[0]}:{line}: {what} in {key.split('::')[1] or '<module>'}"
                       for key, hits in sorted(offending.items()) for line, what in hits)
    assert not offending, (
        "Views must not build queries or read agency_ids(): move the read into a selector "
        "(<app>/selectors.py) or ask agencies.access (has_perm_anywhere, require_anywhere, visible_agencies, "
        f"agency_for_page).\n{report}")


def test_every_allowed_exception_is_still_needed():
    found = all_violations()
    modules = {key.split("::")[0] for key in found}
    stale = [key for key in ALLOWED if (key.split("::")[0] not in modules if key.endswith("::*") else key not in found)]
    assert not stale, f"remove stale entries from ALLOWED: {stale}"


def test_the_view_packages_exist():
    # A renamed package would make the rule pass vacuously.
    assert all((ROOT / package).is_dir() for package in VIEW_PACKAGES)
    assert len(view_modules()) > 20


@pytest.mark.parametrize(("source", "expected"), [
    ("Item.objects.all()", [("", 1, ".objects")]),
    ("def v(r):\n    return get_object_or_404(Item.objects, pk=1)", [("v", 2, ".objects")]),
    ("def v(r):\n    return selectors.items(r.user).filter(x=1)", [("v", 2, ".filter(")]),
    ("class V:\n    def get(self):\n        return self.case.documents.order_by('pk')", [("V.get", 3, ".order_by(")]),
    ("def v(r):\n    return qs.select_related('a')", [("v", 2, ".select_related(")]),
    ("def v(r):\n    return bool(agency_ids(r.user, Perm.X))", [("v", 2, "agency_ids(")]),
    ("def v(r):\n    return access.agency_ids(r.user, Perm.X)", [("v", 2, "agency_ids(")]),
    ("from agencies.access import Perm, agency_ids", [("", 1, "import agency_ids")]),
])
def test_the_checker_finds_each_form(source, expected):
    assert violations_in(source) == expected


@pytest.mark.parametrize("source", [
    "def v(r):\n    return render(r, 't.html', {'rows': selectors.rows(r.user)})",
    "def v(r):\n    return list(filter(None, r.GET.getlist('x')))",
    "def v(r):\n    return {'a': 1}.get('a'), d.values(), rows.count(1)",
    "from agencies.access import Perm, visible_agencies",
])
def test_the_checker_lets_thin_views_pass(source):
    assert violations_in(source) == []
