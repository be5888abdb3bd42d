"""The neighbourhood as data: blocks, dwellings, households, public space (PyPSA-style tables).

Tables are indexed by their id. Geometry is in RD New (EPSG:28992). Build a
:class:`Neighbourhood` with :func:`build_neighbourhood`, which validates every table against its
schema and the references between tables, and either returns a complete neighbourhood or raises
:class:`~wijkaanpak.model.issues.InputError` listing every problem: never a half-loaded one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.lookup import codes, member, positions
from wijkaanpak.model.schema import CRS, TableSchema
from wijkaanpak.model.validate import RawTable, coerce_table

#: Input tables, in the order they are validated. ``households`` and ``public_space`` are optional.
TABLES = ("metadata", "blocks", "dwellings", "households", "public_space")
REQUIRED_TABLES = ("blocks", "dwellings")


@dataclass(frozen=True)
class Metadata:
    """What the neighbourhood is and where its data come from."""

    name: str
    buurtcode: str = ""
    municipality: str = ""
    fictional: bool = False
    source: str = ""


@dataclass(frozen=True)
class Neighbourhood:
    """A validated neighbourhood.

    Attributes
    ----------
    metadata : name, CBS buurtcode, whether it is fictional
    blocks : GeoDataFrame indexed by ``block_id``
    dwellings : GeoDataFrame indexed by ``dwelling_id`` (16-digit BAG verblijfsobject id)
    households : DataFrame indexed by ``household_id`` (may be empty: personal data)
    public_space : GeoDataFrame indexed by ``public_space_id`` (may be empty)
    """

    metadata: Metadata
    blocks: gpd.GeoDataFrame
    dwellings: gpd.GeoDataFrame
    households: pd.DataFrame
    public_space: gpd.GeoDataFrame

    @property
    def label(self) -> str:
        """The name, marked when the neighbourhood is fictional."""
        return f"{self.metadata.name} (fictief)" if self.metadata.fictional else self.metadata.name


def _geo(frame: pd.DataFrame, index: str) -> gpd.GeoDataFrame:
    geometry = frame.get("geometry", None)
    geoms = (
        np.full(len(frame), None, dtype=object)
        if geometry is None
        else geometry.to_numpy(dtype=object)
    )
    data = frame.drop(columns=["geometry"], errors="ignore").set_index(index, drop=True)
    data["geometry"] = gpd.array.from_shapely(geoms, crs=CRS)
    return gpd.GeoDataFrame(data, geometry="geometry", crs=CRS, copy=False)


def several_per_group(keys: pd.Series, values: pd.Series) -> np.ndarray:
    """Per row: its group (rows with the same ``keys``) holds more than one distinct ``values``;
    missing keys form no group, missing values are not counted. The same as
    ``groupby(keys)[values].transform("nunique") > 1``, from integer codes instead of a pandas
    group-by (a third of the time on a million Arrow-backed ids). [-]

    >>> several_per_group(pd.Series(["a", "a", "b", None]), pd.Series([1, 2, 1, 3])).tolist()
    [True, True, False, False]
    """
    group, value = codes(keys), codes(values)  # BAG ids hashed as numbers (model.lookup)
    out = np.zeros(len(group), dtype=bool)
    rows = np.flatnonzero(group >= 0)
    if len(rows) == 0:
        return out
    counted = rows[value[rows] >= 0]
    lowest = np.full(group.max() + 1, np.iinfo(np.int64).max)
    highest = np.full(group.max() + 1, -1)
    np.minimum.at(lowest, group[counted], value[counted])
    np.maximum.at(highest, group[counted], value[counted])
    out[rows] = highest[group[rows]] > lowest[group[rows]]
    return out


def _references(tables: Mapping[str, pd.DataFrame], raws: Mapping[str, RawTable]) -> list[Issue]:
    """Check references between tables and rules that span columns."""
    issues: list[Issue] = []

    def flag(table: str, mask: np.ndarray | pd.Series, field: str, say: str) -> None:
        raw, frame = raws[table], tables[table]
        for i in np.flatnonzero(np.asarray(mask, dtype=bool)).tolist():
            record = str(frame.iloc[i, 0])
            issues.append(
                Issue(
                    raw.source, raw.row_labels[i], field, say.format(v=frame[field].iloc[i]), record
                )
            )

    blocks, dwellings = tables["blocks"], tables["dwellings"]
    unknown_block = dwellings["block_id"].notna() & ~member(
        dwellings["block_id"], blocks["block_id"]
    )
    flag("dwellings", unknown_block, "block_id", "block '{v}' is not in the blocks table")
    flag(
        "dwellings",
        several_per_group(dwellings["building_id"], dwellings["block_id"]),
        "building_id",
        "building {v} has dwellings in more than one block; a building belongs to one block",
    )
    empty = ~member(blocks["block_id"], dwellings["block_id"])
    site = (
        blocks["site_value"].notna() if "site_value" in blocks else pd.Series(False, blocks.index)
    )
    flag(
        "blocks",
        empty & ~site,
        "block_id",
        "block '{v}' has no dwellings: give site_value if it is a vacant site to build on",
    )
    if "site_value" in blocks:
        flag(
            "blocks",
            ~empty & site,
            "site_value",
            "{v} given, but the block has dwellings: site_value is for a vacant site only",
        )
    no_units = (blocks.get("non_residential_units", pd.Series(0, index=blocks.index)) == 0).fillna(
        True
    )
    for field in ("non_residential_floor_area", "non_residential_value"):
        if field in blocks:
            flag(
                "blocks",
                no_units & (blocks[field] > 0).fillna(False),
                field,
                "{v} given, but non_residential_units is 0: give the number of units",
            )

    if "households" in tables:
        hh = tables["households"]
        at = positions(hh["dwelling_id"], dwellings["dwelling_id"])
        known = at >= 0
        flag(
            "households",
            hh["dwelling_id"].notna() & ~known,
            "dwelling_id",
            "dwelling {v} is not in the dwellings table",
        )
        flag(
            "households",
            (hh["adults"] >= 2).fillna(False) & hh["age_2"].isna(),
            "age_2",
            "a value is required when adults is 2 or more",
        )
        tenure = dwellings["tenure"] == "owner_occupier"  # Arrow's comparison, no Python objects
        owner = np.append(tenure.to_numpy(dtype=bool, na_value=False), False)
        renter = pd.Series(~owner[at] & known, index=hh.index)
        flag(
            "households",
            renter & (hh["mortgage_outstanding"] > 0).fillna(False),
            "mortgage_outstanding",
            "{v} given, but the dwelling is not owner-occupied",
        )
        flag(
            "households",
            (hh["mortgage_outstanding"] > 0).fillna(False)
            & (hh["mortgage_remaining_term"] <= 0).fillna(False),
            "mortgage_remaining_term",
            "must be more than 0 when a mortgage is outstanding",
        )
        flag(
            "households",
            (hh["mortgage_interest_only"] > hh["mortgage_outstanding"].fillna(0)).fillna(False),
            "mortgage_interest_only",
            "{v} is more than mortgage_outstanding",
        )
    return issues


def _metadata(frame: pd.DataFrame | None) -> Metadata:
    if frame is None or frame.empty:
        return Metadata(name="(naamloze wijk)")
    row = frame.iloc[0]

    def text(key: str) -> str:
        value = row.get(key)
        return "" if value is None or pd.isna(value) else str(value)

    return Metadata(
        name=text("name"),
        buurtcode=text("buurtcode"),
        municipality=text("municipality"),
        fictional=bool(row.get("fictional")) if pd.notna(row.get("fictional")) else False,
        source=text("source"),
    )


def build_neighbourhood(
    schemas: Mapping[str, TableSchema], raws: Mapping[str, RawTable]
) -> Neighbourhood:
    """Validate raw tables and assemble a :class:`Neighbourhood`.

    Raises
    ------
    InputError
        listing every issue (file, row, field, expectation) when any table is invalid.
    """
    issues: list[Issue] = []
    missing = [t for t in REQUIRED_TABLES if t not in raws]
    if missing:
        raise InputError(
            [Issue("neighbourhood", "", "", f"required table '{t}' is missing") for t in missing]
        )
    tables: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        if name in raws:
            tables[name], found = coerce_table(schemas[name], raws[name])
            issues.extend(found)
    if not issues:
        issues.extend(_references(tables, raws))
    if issues:
        raise InputError(issues)
    empty_hh = pd.DataFrame(columns=schemas["households"].names()).set_index("household_id")
    empty_ps = pd.DataFrame(columns=schemas["public_space"].names())
    return Neighbourhood(
        metadata=_metadata(tables.get("metadata")),
        blocks=_geo(tables["blocks"], "block_id"),
        dwellings=_geo(tables["dwellings"], "dwelling_id"),
        households=tables["households"].set_index("household_id")
        if "households" in tables
        else empty_hh,
        public_space=_geo(tables.get("public_space", empty_ps), "public_space_id"),
    )
