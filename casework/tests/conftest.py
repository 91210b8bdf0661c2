from oversight.tests.conftest import emails  # noqa: F401  (shared fixture)
