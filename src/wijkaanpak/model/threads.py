"""Shapely's vectorised predicates release the GIL: on a large array, run them in a thread of
their own while the caller goes on.

Checking the validity of a million outlines (GEOS) takes ≈ 0.65 s; reading a national-size input
starts it in the background and checks the other columns meanwhile (issue #18 §4). Decoding WKB
is not done so: ``shapely.from_wkb`` makes Python objects and holds the GIL (a second thread was
measured slower). Small arrays (a buurt, a neighbourhood) stay in the calling thread.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

#: Elements below which a thread costs more than it saves. [-] (assumption: a thread start is
#: ≈ 0.1 ms, 50,000 outlines take ≈ 40 ms to check)
MIN_PER_THREAD = 50_000


def in_background(
    func: Callable[[np.ndarray], np.ndarray], values: np.ndarray
) -> Callable[[], np.ndarray]:
    """Start ``func(values)`` in a thread of its own (for arrays of at least
    :data:`MIN_PER_THREAD` elements; ``func`` must release the GIL) and return a function that
    waits for the result, so that the caller can do other work meanwhile.

    >>> result = in_background(np.negative, np.arange(3))
    >>> result().tolist()
    [0, -1, -2]
    """
    if len(values) < MIN_PER_THREAD:
        done = func(values)
        return lambda: done
    pool = ThreadPoolExecutor(1)
    future = pool.submit(func, values)
    pool.shutdown(wait=False)  # the thread ends when the work is done
    return future.result
