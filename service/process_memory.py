"""How this process asks the kernel for memory: without numpy's transparent huge page advice.

numpy advises the kernel to back every array of 4 MB or more with 2 MB huge pages (madvise). On
kernels whose huge page defragmentation runs on such advice (`/sys/kernel/mm/transparent_hugepage/defrag`
set to `madvise`, Debian's default), the first touch of each huge page may compact memory first,
synchronously, in the request that touches it. A planner's upload of a million points touches some
300 MB of new arrays once; with the advice its first upload spent 0.42-0.51 s of CPU in the kernel,
without it 0.22-0.24 s, and took 0.55-0.65 s instead of 0.56-0.82 s (bench/layers.py's pipeline,
same machine, alternating). Arrays are used once per request here, so the fewer TLB misses of huge
pages do not pay that back. numpy reads NUMPY_MADVISE_HUGEPAGE only at import; this turns the advice
off for every array made after it, whatever that variable says.
"""
from __future__ import annotations

try:  # numpy's own switch (what NUMPY_MADVISE_HUGEPAGE sets at import); absent elsewhere: nothing to turn off
    from numpy._core.multiarray import _set_madvise_hugepage
except ImportError:  # pragma: no cover (numpy before 2.0 keeps it in numpy.core)
    try:
        from numpy.core.multiarray import _set_madvise_hugepage
    except ImportError:
        _set_madvise_hugepage = None


def without_huge_page_advice() -> None:
    """Turn numpy's huge page advice off for this process (idempotent)."""
    if _set_madvise_hugepage is not None:
        _set_madvise_hugepage(False)
