"""Read a BAG 2.0 extract as the land registry (Kadaster) delivers it, and select current versions.

An extract is a zip (``BAGGEM0221L-15092020.zip`` for one municipality, ``lvbag-extract-nl.zip``
for the country) holding one zip per object type (``0221PND15092020.zip``, ``…VBO…``, ``…NUM…``,
``…OPR…``), each holding XML files (``0221PND15092020-000001.xml``, …); since 2021 a
municipality's per-type zips sit one level deeper, in ``0457GEM15102021.zip``. A folder with the
unpacked files, one of the inner zips, or a single XML file are read too.

The XML is read with GDAL's LVBAG driver (through pyogrio; in GDAL since 3.2): it streams each
file, so memory stays bounded by the selected objects, and it gives the attributes in the
extract's camelCase (``oorspronkelijkBouwjaar``, ``pandRef``, ``hoofdadresNummeraanduidingRef``)
with list-valued references as lists. Nested zips are read in place through GDAL's ``/vsizip/``;
the unpacked size of every member is checked against the file-size limit first (no zip bombs).

An extract holds every object's history: several versions (``voorkomen``) per object.
:func:`current_versions` keeps the version valid today (no ``eindGeldigheid`` or one in the
future, not made inactive) and reports how many earlier versions it passed over.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pyogrio

from wijkaanpak.io.bag_columns import history_columns
from wijkaanpak.io.guards import check_input_file, input_folder_issues, limits, size_text
from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.validate import RawTable

#: Object types read (file-name code → kind); ligplaats, standplaats and woonplaats are skipped.
TYPES = {"PND": "pand", "VBO": "vbo", "NUM": "num", "OPR": "opr"}
LAYERS = {
    "Pand": "pand",
    "Verblijfsobject": "vbo",
    "Nummeraanduiding": "num",
    "Openbareruimte": "opr",
}
_NAME = re.compile(r"(?:^|[^A-Za-z])(PND|VBO|NUM|OPR|LIG|STA|WPL)\d{8}", re.IGNORECASE)
#: zips that hold the per-type zips: the country's, and a municipality's ``0457GEM15102021.zip``
#: (the layout of municipality extracts since 2021: outer zip → GEM zip → PND/VBO/… zips)
_CONTAINER = re.compile(r"BAG|LVBAG|extract|(?:^|/)\d{4}GEM\d{8}", re.IGNORECASE)
_MAX_MEMBERS = 100_000


@dataclass(frozen=True)
class Part:
    """One XML file of an extract: a GDAL path and how to name it in messages."""

    gdal_path: str
    label: str
    hint: str  # object type from the file name ("" when the name does not say)


def lvbag_available() -> bool:
    return "LVBAG" in pyogrio.list_drivers()


def _type_of(name: str) -> str:
    m = _NAME.search(Path(name).name)
    return m.group(1).upper() if m else ""


def _zip_parts(zpath: str, label: str, zf: zipfile.ZipFile, depth: int) -> list[Part]:
    infos = zf.infolist()
    if len(infos) > _MAX_MEMBERS:
        msg = f"has {len(infos):,} members; more than {_MAX_MEMBERS:,} is not a BAG extract"
        raise InputError([Issue(label, "", "", msg)])
    total = sum(i.file_size for i in infos)
    if total > limits().max_file_bytes:
        msg = (
            f"unpacks to {size_text(total)}, more than the limit of "
            f"{size_text(limits().max_file_bytes)} (raise it with --max-file-mb or "
            "WIJKAANPAK_MAX_FILE_MB, or use a municipality extract)"
        )
        raise InputError([Issue(label, "", "", msg)])
    parts: list[Part] = []
    for info in infos:
        name = info.filename
        if info.is_dir() or "__MACOSX" in name or Path(name).name.startswith("."):
            continue
        kind = _type_of(name)
        if kind and kind not in TYPES:
            continue  # ligplaats, standplaats, woonplaats: not used
        inner = f"{zpath}/{name}"
        if name.lower().endswith(".zip") and depth < 2:
            if not kind and not _CONTAINER.search(name):
                continue  # InOnderzoek, Inactief, NietBag, GEM-WPL-RELATIE …
            with zf.open(info) as member, zipfile.ZipFile(member) as nested:
                parts += _zip_parts(f"/vsizip/{inner}", f"{label} › {name}", nested, depth + 1)
        elif name.lower().endswith(".xml") and not name.lower().startswith("leveringsdocument"):
            parts.append(Part(inner, f"{label} › {name}", kind))
    return parts


def extract_parts(path: Path) -> list[Part]:
    """The XML files in an extract (zip, folder or single XML), with their object types."""
    source = str(path)
    if path.is_dir():
        problems = input_folder_issues(path)
        if problems:
            raise InputError(problems)
        parts: list[Part] = []
        for f in sorted(path.rglob("*")):
            if f.suffix.lower() in (".xml", ".zip") and f.is_file():
                parts += extract_parts(f) if f.suffix.lower() == ".zip" else _xml_part(f)
        return parts
    check_input_file(path, "BAG extract file")
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as zf:
                return _zip_parts(f"/vsizip/{path.resolve()}", source, zf, 0)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as err:
            raise InputError([Issue(source, "", "", f"not a readable zip file: {err}")]) from None
    if path.suffix.lower() == ".xml":
        return _xml_part(path)
    msg = "expected a BAG 2.0 extract: a .zip, a folder of XML files or one .xml file"
    raise InputError([Issue(source, "", "", msg)])


def _xml_part(path: Path) -> list[Part]:
    if path.name.lower().startswith("leveringsdocument"):
        return []
    kind = _type_of(path.name)
    if kind and kind not in TYPES:
        return []
    return [Part(str(path.resolve()), str(path), kind)]


def _read_part(part: Part) -> tuple[str, pd.DataFrame]:
    try:
        layers = pyogrio.list_layers(part.gdal_path)
        if len(layers) == 0:
            return "", pd.DataFrame()
        layer = str(layers[0][0])
        frame = pyogrio.read_dataframe(part.gdal_path, layer=layer)
    except Exception as err:  # GDAL errors come as several types
        msg = " ".join(str(err).split())[:300]
        raise InputError(
            [Issue(part.label, "", "", f"cannot be read as BAG 2.0 XML (GDAL LVBAG): {msg}")]
        ) from None
    kind = LAYERS.get(layer, "")
    crs = getattr(frame, "crs", None)
    if "geometry" in frame and crs is not None and crs.to_epsg() not in (28992, 7415):
        frame = frame.to_crs("EPSG:28992")
    return kind, pd.DataFrame(frame)


def read_extract(path: Path, report: ImportReport) -> dict[str, RawTable]:
    """Read the pand, verblijfsobject, nummeraanduiding and openbare-ruimte objects of an extract,
    one table per kind with every version; see :func:`current_versions`."""
    if not lvbag_available():
        msg = (
            "this GDAL has no LVBAG driver (GDAL 3.2 or later has it): convert the extract to a "
            "GeoPackage first, e.g. with ogr2ogr, and give its layers with --pand and "
            "--verblijfsobject"
        )
        raise InputError([Issue(str(path), "", "", msg)])
    parts = extract_parts(path)
    frames: dict[str, list[pd.DataFrame]] = {k: [] for k in LAYERS.values()}
    labels: dict[str, list[str]] = {k: [] for k in LAYERS.values()}
    issues: list[Issue] = []
    for part in parts:
        try:
            kind, frame = _read_part(part)
        except InputError as err:
            issues += err.issues
            continue
        if kind and len(frame):
            frames[kind].append(frame)
            xml_name = Path(part.label.split(" › ")[-1]).name
            labels[kind] += [f"{xml_name}, object {i + 1}" for i in range(len(frame))]
            report.count(f"records read: {xml_name}", len(frame))
    if issues:
        raise InputError(issues)
    if not any(frames.values()):
        msg = "holds no BAG 2.0 pand, verblijfsobject, nummeraanduiding or openbare-ruimte XML"
        raise InputError([Issue(str(path), "", "", msg)])
    names = {"pand": "PND", "vbo": "VBO", "num": "NUM", "opr": "OPR"}
    out = {}
    for kind, parts_ in frames.items():
        if parts_:
            frame = pd.concat(parts_, ignore_index=True) if len(parts_) > 1 else parts_[0]
            out[kind] = RawTable(f"{path.name} ({names[kind]})", frame, labels[kind])
    return out


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series.astype("string"), errors="coerce", format="mixed")


def current_versions(
    raw: RawTable, id_column: object, report: ImportReport, today: date | None = None
) -> RawTable:
    """Keep, per object, the version valid on ``today``: begun, not ended (``eindGeldigheid``
    empty or later), not made inactive or withdrawn from the BAG. Tables without history columns
    are returned as they are. Earlier versions are counted in the report; an object with no
    version valid today is reported as dropped."""
    frame = raw.frame
    cols = history_columns(frame)
    if "eind" not in cols and "voorkomen" not in cols:
        return raw
    day = pd.Timestamp(today or date.today())
    valid = pd.Series(True, index=frame.index)
    if "eind" in cols:
        end = _dates(frame[cols["eind"]])
        valid &= end.isna() | (end > day)
    if "begin" in cols:
        begin = _dates(frame[cols["begin"]])
        valid &= begin.isna() | (begin <= day)
    for name in ("inactief", "inactief_lv", "niet_bag"):
        if name in cols:
            valid &= frame[cols[name]].isna()
    ids = frame[id_column].astype("string")
    order = (
        pd.to_numeric(frame[cols["voorkomen"]], errors="coerce")
        if "voorkomen" in cols
        else pd.Series(0, index=frame.index)
    )
    candidates = frame.assign(_id=ids, _order=order)[valid.to_numpy()]
    chosen = candidates.sort_values(["_id", "_order"]).drop_duplicates("_id", keep="last")
    several = candidates["_id"].duplicated(keep=False)
    for obj in sorted(set(candidates.loc[several, "_id"].dropna())):
        report.add(
            "changed",
            "several versions valid today: the latest (highest voorkomenidentificatie) is kept",
            raw.source,
            str(obj),
        )
    report.count(f"earlier versions passed over: {raw.source}", len(frame) - len(candidates))
    ended = sorted(set(ids.dropna()) - set(chosen["_id"].dropna()))
    for obj in ended:
        report.add("dropped", "no version valid today (ended or made inactive)", raw.source, obj)
    keep = chosen.index
    labels = [raw.row_labels[p] for p in frame.index.get_indexer(keep).tolist()]
    return RawTable(
        raw.source,
        frame.loc[keep].reset_index(drop=True),
        labels,
        raw.decimal_comma,
    )
