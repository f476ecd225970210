"""Which allocator Arrow's buffers come from, and how the C library's heap is shared
between threads: chosen once by each process that reads logs (the command line, a page's
worker); and memory freed but kept by the allocators handed back to the system by a
long-lived process (the app's server) after a big job.

    for_reading_logs()    # both below, once, before a log is read
    use_jemalloc()        # "jemalloc", or the default pool's name where there is none
    one_heap()            # every thread allocates from the C library's one heap
    hand_back_freed()     # Arrow's pool and the C library's heap return what they can

pyarrow allocates from mimalloc by default. On a log with about as many distinct values as
rows, memory mimalloc had freed but kept for its threads was about an eighth of the command
line's peak (`benchmarks/bench_peers.py`, the groups layout); jemalloc hands it back sooner,
at no cost in time measured there. A pool named in `ARROW_DEFAULT_MEMORY_POOL` is left as
it is, and so is the default where pyarrow was built without jemalloc.

glibc gives each thread that allocates while another does a heap of its own (an arena), up
to eight per core, and each keeps what was freed in it: the reading thread's batches and the
counting thread's arrays then each leave their own freed memory behind. With one heap the
command line's peak on the groups layout fell by a tenth (436 → 389 MB) and on long payloads
by a fifth (353 → 286 MB), in the same time (`bench_peers.py`'s logs at 1M rows).
"""

from __future__ import annotations

import ctypes
import os

import pyarrow as pa

CHOSEN_BY_USER = "ARROW_DEFAULT_MEMORY_POOL"
M_ARENA_MAX = -8
"""glibc's `mallopt` parameter: the most heaps (arenas) its threads may use."""
ARENA_ENV = "MALLOC_ARENA_MAX"


def for_reading_logs() -> None:
    """Set up a process that reads logs (the command line's log commands, a page's worker)
    before it reads one: Arrow's buffers from jemalloc, the threads on the C library's one
    heap."""
    use_jemalloc()
    one_heap()


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


def one_heap() -> bool:
    """Have the threads started from now on (those that read and count a log) allocate
    from the C library's heaps already there instead of each from a new one (glibc's
    `M_ARENA_MAX` set to 1; a thread pyarrow started on import may have made a second);
    whether it was set. A limit given in `MALLOC_ARENA_MAX` is left as it is; elsewhere
    than glibc, nothing changes."""
    libc = _glibc()
    if libc is None or os.environ.get(ARENA_ENV):
        return False
    return bool(libc.mallopt(M_ARENA_MAX, 1))


def hand_back_freed() -> None:
    """Return to the system the memory Arrow's pool and the C library's allocator hold
    freed (glibc's `malloc_trim`; elsewhere only Arrow's pool). A server that has read a
    big log in one thread keeps that thread's freed heap otherwise."""
    pa.default_memory_pool().release_unused()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def _glibc() -> ctypes.CDLL | None:
    """The GNU C library with its heap functions (`mallopt`, `malloc_trim`); None elsewhere."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None
