"""Which allocator Arrow's buffers come from: chosen once by each process that reads logs
(the command line, a page's worker); and memory freed but kept by the allocators handed
back to the system by a long-lived process (the app's server) after a big job.

    use_jemalloc()        # "jemalloc", or the default pool's name where there is none
    hand_back_freed()     # Arrow's pool and the C library's heap return what they can

pyarrow allocates from mimalloc by default. On a log with about as many distinct values as
rows, memory mimalloc had freed but kept for its threads was about an eighth of the command
line's peak (`benchmarks/bench_peers.py`, the groups layout); jemalloc hands it back sooner,
at no cost in time measured there. A pool named in `ARROW_DEFAULT_MEMORY_POOL` is left as
it is, and so is the default where pyarrow was built without jemalloc.
"""

from __future__ import annotations

import contextlib
import ctypes
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


def hand_back_freed() -> None:
    """Return to the system the memory Arrow's pool and the C library's allocator hold
    freed (glibc's `malloc_trim`; elsewhere only Arrow's pool). A server that has read a
    big log in one thread keeps that thread's freed heap otherwise."""
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
