"""How the trimmed extract in this folder was made (maintenance; not part of the package).

    python trim_extract.py SOURCE_DIR OUT_ZIP

SOURCE_DIR holds the unpacked Doesburg files of NLExtract's test data (see README.md):
``0221PND15092020-000001.xml`` and ``-000002.xml`` (the municipality's whole pand file) and the
``BAGNLDL-15092020-small-expand`` files ``0221VBO…``, ``0221NUM…``, ``0221OPR…``. The pand file
is cut to the buildings within 30 m of the one the dwelling is in, plus the building of the other
unit; the openbare-ruimte file to the streets the addresses name. Kept objects keep every version
(their history) and every element exactly as delivered.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pyogrio
from lxml import etree

SL = "http://www.kadaster.nl/schemas/standlevering-generiek/1.0"
DWELLING_PAND = "0221100000312938"
OTHER_PAND = "0221100000311191"


def keep(xml: Path, ids: set[str]) -> bytes:
    tree = etree.parse(str(xml))
    for stand in tree.getroot().iter(f"{{{SL}}}stand"):
        ident = next(e.text for e in stand.iter() if etree.QName(e).localname == "identificatie")
        if ident not in ids:
            stand.getparent().remove(stand)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def main(src: Path, out: Path) -> None:
    pnd = [src / "0221PND15092020-000001.xml", src / "0221PND15092020-000002.xml"]
    frames = [pyogrio.read_dataframe(p) for p in pnd]
    panden = set()
    for f in frames:
        cur = f[f.eindGeldigheid.isna()]
        target = cur[cur.identificatie == f"NL.IMBAG.Pand.{DWELLING_PAND}"]
        if len(target):
            near = cur[cur.geometry.distance(target.geometry.iloc[0]) < 30]
            panden |= {i.rsplit(".", 1)[1] for i in near.identificatie}
    panden.add(OTHER_PAND)
    num = pyogrio.read_dataframe(src / "0221NUM15092020-000001.xml")
    streets = {i.rsplit(".", 1)[1] for i in num.openbareruimteRef.dropna()}
    files = {
        "0221PND15092020.zip": ("0221PND15092020-000001.xml", keep(pnd[0], panden)),
        "0221VBO15092020.zip": ("0221VBO15092020-000001.xml", (src / "0221VBO15092020-000001.xml").read_bytes()),
        "0221NUM15092020.zip": ("0221NUM15092020-000001.xml", (src / "0221NUM15092020-000001.xml").read_bytes()),
        "0221OPR15092020.zip": ("0221OPR15092020-000001.xml", keep(src / "0221OPR15092020-000001.xml", streets)),
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as outer:
        outer.write(src / "Leveringsdocument-BAG-Extract.xml", "Leveringsdocument-BAG-Extract.xml")
        for inner_name, (xml_name, data) in files.items():
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as inner:
                inner.writestr(xml_name, data)
            outer.writestr(inner_name, buf.getvalue())


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
