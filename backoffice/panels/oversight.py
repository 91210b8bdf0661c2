"""The oversight panel of the 工作台 (filled in by its issue): `panel(request)` returns None or a dict with
`template` (a template path) and the context that template needs; it must use a bounded number of queries."""


def panel(request):
    return None
