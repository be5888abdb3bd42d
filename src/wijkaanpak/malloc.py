"""Keep freed memory in the process instead of handing it back to the system after every array.

The engine makes and drops dozens of arrays per plan evaluation of dwellings × years
(918 × 30 × 8 bytes ≈ 220 kB for the Voorbeeldwijk). With glibc's defaults such an array is
above the size that malloc serves from the heap (``M_MMAP_THRESHOLD``, 128 kB at the start), or
the freed space at the top of the heap is above ``M_TRIM_THRESHOLD`` and is returned to the
system at once; either way the next array needs fresh pages from the kernel. Measured on the
2-core VM in a fresh process: ≈ 450 page faults per plan evaluation, ≈ 1 ms of system time and
15–25 % of the evaluation's CPU time; 0 page faults with the limits below. The web app's process
(measured in-process with Django's test client) took 0 page faults per request with glibc's
defaults too (glibc had raised its limits there after freeing larger blocks), so in the web app
this is a guard, not a measured gain.

The cost: a process may keep up to :data:`TRIM` of freed memory that it does not use at the
moment (per process). Called by :mod:`wijkaanpak.web.wsgi` (before gunicorn forks its workers,
so that they inherit it), by the ``wijkaanpak`` command (:func:`wijkaanpak.cli.main.main`; the
worker processes of ``risk`` are forked from it and inherit it: one plan of all-renew 6.0–6.4 →
4.9–5.1 ms on the Voorbeeldwijk, 29 November 2026), by the screening's Dask task for each buurt
(the workers are processes of their own: 150 buurten on one worker 10.1–11.4 → 9.5 s) and by
the benchmarks. Elsewhere than on Linux with glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform

#: Arrays up to this size come from the heap instead of their own pages (``M_MMAP_THRESHOLD``;
#: glibc's largest allowed value on 64-bit systems is 32 MiB). [bytes]
MMAP = 32 * 2**20
#: Freed memory at the top of the heap kept up to this size (``M_TRIM_THRESHOLD``). [bytes]
TRIM = 64 * 2**20
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # <malloc.h>


def keep_freed_memory() -> bool:
    """Raise glibc malloc's mmap and trim thresholds for this process and the processes it forks
    later; ``False`` (and nothing changed) without glibc."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name)
    return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP)) and bool(
        libc.mallopt(_M_TRIM_THRESHOLD, TRIM)
    )
