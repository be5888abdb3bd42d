"""Text columns whose every cell passes the checks as it stands, found with one Arrow kernel.

A million dwelling ids written as ids need no stripping, no placeholder look-up and no per-cell
pattern check in pandas (a dozen passes over the column): one regular expression over the Arrow
array says that the cell-by-cell path would change nothing and find nothing. The test is
deliberately narrower than the checks (:mod:`wijkaanpak.model.validate`): a column it accepts
gets exactly what that path gives; every other column takes that path, so the issues are the same.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from wijkaanpak.model.lookup import digit_length
from wijkaanpak.model.schema import BAG_OBJECT_TYPE

#: Cell texts read as "no value" (besides missing cells).
MISSING_TEXT = ("", "nan", "NaN", "None", "NULL", "null")


def _all(mask: pa.ChunkedArray | pa.Array) -> bool:
    return bool(pc.all(mask).as_py())


def _plain_ends(values: pa.ChunkedArray | pa.Array) -> bool:
    """First and last character an ASCII letter or digit: never whitespace, nothing to strip."""
    first, last = pc.utf8_slice_codeunits(values, 0, 1), pc.utf8_slice_codeunits(values, -1)
    return _all(pc.ascii_is_alnum(first)) and _all(pc.ascii_is_alnum(last))


def _bag_id(values: pa.ChunkedArray | pa.Array, code: str) -> bool:
    """16 ASCII digits with the object type ``code`` at digits 5–6."""
    return digit_length(values) == 16 and _all(
        pc.equal(pc.utf8_slice_codeunits(values, 4, 6), code)
    )


def clean_text(column: pd.Series, kind: str) -> bool:
    """Every cell of ``column`` is text that the checks of attribute type ``kind`` (``str``,
    ``bag_vbo``, ``bag_pand``) pass unchanged: none missing, nothing to strip, none read as "no
    value", a BAG id of the right form and object type. False when unsure. [-]

    >>> clean_text(pd.Series(["0599010000000001"], dtype="string"), "bag_vbo")
    True
    >>> clean_text(pd.Series(["B-1", " B-2"], dtype="string"), "str")
    False
    """
    if kind not in ("str", *BAG_OBJECT_TYPE) or not isinstance(column.dtype, pd.StringDtype):
        return False
    values = pa.array(column.array)
    if len(values) == 0 or values.null_count:
        return False
    if kind in BAG_OBJECT_TYPE:
        return _bag_id(values, BAG_OBJECT_TYPE[kind])
    missing = pc.any(pc.is_in(values, value_set=pa.array(MISSING_TEXT))).as_py()
    return _plain_ends(values) and not missing
