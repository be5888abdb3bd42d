"""Shapely's vectorised functions release the GIL: on a large array, split them over threads.

Decoding and checking a million geometries (WKB → shapely, validity) is most of the CPU time of
reading a national-size input; with two threads it takes half the wall time on two idle cores.
Small arrays (a buurt, a neighbourhood) stay in the calling thread.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

#: Threads for one array: the cores of the machine, at most 4. [-]
THREADS = max(1, min(4, os.cpu_count() or 1))
#: Elements per thread below which splitting costs more than it saves. [-] (assumption: a
#: thread start is ≈ 0.1 ms, 50,000 geometries take ≈ 25 ms to decode)
MIN_PER_THREAD = 50_000


def threaded(func: Callable[[np.ndarray], np.ndarray], values: np.ndarray) -> np.ndarray:
    """``func(values)`` computed in up to :data:`THREADS` threads on consecutive slices (``func``
    must work element by element and release the GIL, as shapely's vectorised functions do).

    >>> threaded(np.negative, np.arange(5)).tolist()
    [0, -1, -2, -3, -4]
    """
    threads = min(THREADS, len(values) // MIN_PER_THREAD)
    if threads < 2:
        return func(values)
    with ThreadPoolExecutor(threads) as pool:
        return np.concatenate(list(pool.map(func, np.array_split(values, threads))))
