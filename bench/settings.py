"""Settings for the benchmarks: the project's settings, plus a urlconf with a trivial view to compare against.

Everything else (middleware, templates, persistent connections through CONN_MAX_AGE, DEBUG off) is what production
runs. Static files are collected into a directory of the benchmark's own, so a run never depends on (or writes to) the
project's `staticfiles/`.
"""

from pathlib import Path

from gongkai.env import envstr
from gongkai.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = Path(envstr("GONGKAI_BENCH_STATIC_ROOT", "/tmp/gongkai_bench_static"))
# The pages that building a benchmark county publishes go to a folder of the benchmark's own, one per database.
PUBLISH_ROOT = Path(envstr("GONGKAI_BENCH_PUBLISH_ROOT",
                           f"/tmp/gongkai_bench_publish/{DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"))  # noqa: F405
