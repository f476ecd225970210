"""Which allocator Arrow's buffers come from: chosen once by each process that reads logs
(the command line, a page's worker).

    use_jemalloc()        # "jemalloc", or the default pool's name where there is none

pyarrow allocates from mimalloc by default. On a log with about as many distinct values as
rows, memory mimalloc had freed but kept for its threads was about an eighth of the command
line's peak (`benchmarks/bench_peers.py`, the groups layout); jemalloc hands it back sooner,
at no cost in time measured there. A pool named in `ARROW_DEFAULT_MEMORY_POOL` is left as
it is, and so is the default where pyarrow was built without jemalloc.
"""

from __future__ import annotations

import os

import pyarrow as pa

CHOSEN_BY_USER = "ARROW_DEFAULT_MEMORY_POOL"


def use_jemalloc() -> str:
    """Make jemalloc Arrow's default memory pool where it can be; the pool's name now."""
    if os.environ.get(CHOSEN_BY_USER):
        return str(pa.default_memory_pool().backend_name)
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without jemalloc (Windows, some builds)
        return str(pa.default_memory_pool().backend_name)
    pa.set_memory_pool(pool)
    return str(pool.backend_name)
