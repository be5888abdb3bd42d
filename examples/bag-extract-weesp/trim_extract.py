"""How the trimmed extract in this folder was made (maintenance; not part of the package).

    python trim_extract.py BAGGEM0457L-15102021.zip BAGGEM0457L-15102021-trimmed.zip

The source is Weesp's municipality extract as the land registry delivers it (see README.md):
an outer zip with the delivery document and ``0457GEM15102021.zip``, which holds one zip per
object type (``0457PND15102021.zip`` …), each holding XML files (``…-000001.xml`` …).

Kept:

* panden: every building of the urban block (bouwblok) around ``SEED`` — the buildings joined to
  it by shared walls (outlines within 0.05 m over at least 0.5 m, as the import judges them) —
  and every building within ``RING`` metres of that block (for the walls they might share and
  the buildings demolished there);
* verblijfsobjecten: the units in the block's buildings;
* nummeraanduidingen: their main and secondary addresses; openbare ruimten: the streets those
  name.

A kept object keeps every version (its history) and every element as delivered; only the other
objects are cut out. The layout of the zips and the file names are kept.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import shapely
from lxml import etree

SL = "http://www.kadaster.nl/schemas/standlevering-generiek/1.0"
SEED = (131640.0, 479835.0)  # a point in a building of the block (Nieuwstraat, Weesp)
RING = 25.0  # [m]
TOUCH, MIN_WALL = 0.05, 0.5  # [m], as in wijkaanpak.io.bag_geometry


def block_around(pand) -> set[str]:
    """Ids of the buildings joined by shared walls to the one holding SEED (current versions)."""
    cur = pand[pand["eindGeldigheid"].isna() & pand["status"].str.contains("in gebruik")]
    cur = cur.reset_index(drop=True)
    geoms = np.asarray(cur.geometry.to_numpy(), dtype=object)
    tree = shapely.STRtree(geoms)
    start = int(np.flatnonzero(shapely.contains(geoms, shapely.Point(*SEED)))[0])
    block, todo = {start}, [start]
    while todo:
        i = todo.pop()
        grown = shapely.buffer(geoms[i], TOUCH)
        for j in tree.query(grown, predicate="intersects").tolist():
            wall = shapely.length(shapely.intersection(grown, shapely.boundary(geoms[j])))
            if j not in block and wall >= MIN_WALL:
                block.add(j)
                todo.append(j)
    return {str(cur["identificatie"][i]).rsplit(".", 1)[1] for i in block}


def keep(xml: bytes, ids: set[str]) -> bytes:
    """The XML with only the objects (every version) whose identificatie is in ``ids``."""
    tree = etree.parse(io.BytesIO(xml))
    for stand in list(tree.getroot().iter(f"{{{SL}}}stand")):
        ident = next(e.text for e in stand.iter() if etree.QName(e).localname == "identificatie")
        if ident.strip() not in ids:
            stand.getparent().remove(stand)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def refs(frame, column: str) -> set[str]:
    out: set[str] = set()
    for value in frame[column].dropna():
        items = value if isinstance(value, (list, np.ndarray)) else [value]
        out |= {str(v).rsplit(".", 1)[-1] for v in items}
    return out


def main(src: Path, out: Path) -> None:
    outer = zipfile.ZipFile(src)
    gem_name = next(n for n in outer.namelist() if n.endswith(".zip") and "GEM15" in n)
    gem = zipfile.ZipFile(io.BytesIO(outer.read(gem_name)))
    xml: dict[str, dict[str, bytes]] = {}
    for kind in ("PND", "VBO", "NUM", "OPR"):
        inner_name = next(n for n in gem.namelist() if kind in n)
        inner = zipfile.ZipFile(io.BytesIO(gem.read(inner_name)))
        xml[inner_name] = {n: inner.read(n) for n in sorted(inner.namelist())}
    vsi = f"/vsizip//vsizip//vsizip/{src.resolve()}/{gem_name}"
    frames = {}
    for inner_name, files in xml.items():
        kind = inner_name[4:7]
        parts = [pyogrio.read_dataframe(f"{vsi}/{inner_name}/{n}") for n in files]
        frames[kind] = pd.concat(parts, ignore_index=True)
    pand = frames["PND"]
    block = block_around(pand)
    outline = shapely.union_all(
        pand[pand["identificatie"].str.rsplit(".", n=1).str[1].isin(block)].geometry.to_numpy()
    )
    near = shapely.intersects(pand.geometry.to_numpy(), shapely.buffer(outline, RING))
    panden = {i.rsplit(".", 1)[1] for i in pand.loc[near, "identificatie"]}
    vbo = frames["VBO"]
    in_block = vbo["pandRef"].map(lambda r: bool({str(x).rsplit(".", 1)[1] for x in r} & block))
    units = vbo[in_block]
    vbos = {i.rsplit(".", 1)[1] for i in units["identificatie"]}
    nums = refs(units, "hoofdadresNummeraanduidingRef") | refs(
        units, "nevenadresNummeraanduidingRef"
    )
    num = frames["NUM"]
    streets = refs(num[num["identificatie"].str[-16:].isin(nums)], "openbareruimteRef")
    wanted = {"PND": panden, "VBO": vbos, "NUM": nums, "OPR": streets}
    print({k: len(v) for k, v in wanted.items()}, "block:", len(block))
    buf_gem = io.BytesIO()
    with zipfile.ZipFile(buf_gem, "w", zipfile.ZIP_DEFLATED) as new_gem:
        for inner_name, files in xml.items():
            ids = wanted[inner_name[4:7]]
            first = sorted(files)[0]
            kept = [keep(data, ids) for data in files.values()]
            merged = _merge(kept)
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as inner:
                inner.writestr(first, merged)
            new_gem.writestr(inner_name, buf.getvalue())
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new_outer:
        doc = "Leveringsdocument-BAG-Extract.xml"
        new_outer.writestr(doc, outer.read(doc))
        new_outer.writestr(gem_name, buf_gem.getvalue())


def _merge(docs: list[bytes]) -> bytes:
    """The objects of several files of one type in the first file's frame (one file is enough
    for what is left)."""
    trees = [etree.parse(io.BytesIO(d)) for d in docs]
    body = next(trees[0].getroot().iter(f"{{{SL}}}standBestand"))
    for tree in trees[1:]:
        for stand in list(tree.getroot().iter(f"{{{SL}}}stand")):
            body.append(stand)
    return etree.tostring(trees[0], xml_declaration=True, encoding="UTF-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
