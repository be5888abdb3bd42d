"""Checks that a PDF is accessible (issue #20), shared by the tests of every kind of PDF.

Two independent readers: pypdf (our own checks on the catalog, the XMP metadata and the structure
tree) and the ``pdfua`` package (a pikepdf-based checker of the machine-checkable subset of
PDF/UA-1; not veraPDF, which needs Java from a registry this project cannot reach). Either one
failing fails the test.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject, IndirectObject

#: pdfua 0.1.3's heading rule raises on WeasyPrint's structure (a /K array with marked-content
#: ids) and reports itself as skipped; every other rule must run.
SKIPPED_OK = {"UA-14-001"}


@dataclass
class Structure:
    """What the structure tree and the outline of a PDF hold."""

    roles: dict[str, int] = field(default_factory=dict)
    alts: list[str] = field(default_factory=list)  # /Alt of every /Figure ("" when missing)
    header_scopes: list[str] = field(default_factory=list)  # /Scope of every /TH
    tables_without_th: int = 0
    bookmarks: list[str] = field(default_factory=list)


def _kids(element: DictionaryObject) -> list[DictionaryObject]:
    k = element.get("/K")
    items = k if isinstance(k, list) else [] if k is None else [k]
    out = []
    for item in items:
        obj = item.get_object() if isinstance(item, IndirectObject) else item
        if isinstance(obj, DictionaryObject) and "/S" in obj:
            out.append(obj)
    return out


def _walk(element: DictionaryObject, found: Structure) -> bool:
    """Collect ``element`` and below; return whether a /TH is in it."""
    role = str(element["/S"])
    found.roles[role] = found.roles.get(role, 0) + 1
    if role == "/Figure":
        found.alts.append(str(element.get("/Alt", "")))
    has_th = role == "/TH"
    if has_th:
        attributes = element.get("/A")
        attributes = attributes.get_object() if attributes is not None else {}
        found.header_scopes.append(str(attributes.get("/Scope", "")))
    for kid in _kids(element):
        has_th |= _walk(kid, found)
    if role == "/Table" and not has_th:
        found.tables_without_th += 1
    return has_th


def _outline(items: list[Any], into: list[str]) -> None:
    for item in items:
        if isinstance(item, list):
            _outline(item, into)
        else:
            into.append(str(item["/Title"]))


def structure(data: bytes) -> Structure:
    reader = PdfReader(BytesIO(data))
    found = Structure()
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    for kid in _kids(root):
        _walk(kid, found)
    _outline(reader.outline, found.bookmarks)
    return found


def loose_content(data: bytes) -> tuple[int, int]:
    """(marked-content ids whose structure element is outside the structure tree, pagination
    artifacts) over all pages: content is either in the tree or an artifact (PDF/UA-1 7.1)."""
    from pypdf.generic import ContentStream

    reader = PdfReader(BytesIO(data))
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    in_tree: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        element = stack.pop()
        for item in _raw_kids(element):
            if isinstance(item, IndirectObject):
                in_tree.add((item.idnum, item.generation))
                obj = item.get_object()
                if isinstance(obj, DictionaryObject) and "/S" in obj:
                    stack.append(obj)
    nums = root["/ParentTree"].get_object()["/Nums"]
    loose = artifacts = 0
    for number, page in enumerate(reader.pages):
        entries = nums[2 * number + 1].get_object()
        loose += sum(
            1
            for e in entries
            if isinstance(e, IndirectObject) and (e.idnum, e.generation) not in in_tree
        )
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BDC" and operands[0] == "/Artifact":
                artifacts += operands[1].get("/Type") == "/Pagination"
    return loose, artifacts


def _raw_kids(element: DictionaryObject) -> list[Any]:
    k = element.get("/K")
    return list(k) if isinstance(k, list) else [] if k is None else [k]


def pdfua_findings(data: bytes) -> list[str]:
    """The ``pdfua`` checker's findings (any severity) and the rules it could not run."""
    from pdfua import validate

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "check.pdf"
        path.write_bytes(data)
        report = validate(str(path))
    found = [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings]
    found += [
        f"{o.rule_id} skipped: {o.skipped_reason}"
        for o in report.outcomes
        if o.skipped_reason and o.rule_id not in SKIPPED_OK
    ]
    return found


def _true(value: object) -> bool:
    return isinstance(value, BooleanObject) and bool(value.value)


def assert_accessible(data: bytes, *, lang: str, title: str) -> Structure:
    """Tagged, PDF/UA-1 declared, language and title set and shown, every figure with an
    alternative text, every table with header cells that have a scope; the ``pdfua`` checker
    finds nothing. Returns the structure for further checks."""
    reader = PdfReader(BytesIO(data))
    catalog = reader.trailer["/Root"]
    assert _true(catalog["/MarkInfo"]["/Marked"]), "not tagged (/MarkInfo /Marked)"
    assert "/StructTreeRoot" in catalog, "no structure tree"
    assert catalog["/Lang"] == lang
    assert _true(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata is not None and reader.metadata.title == title
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp, "PDF/UA-1 not declared in the XMP metadata"
    assert f">{title}</rdf:li>" in xmp.replace("&amp;", "&"), "title missing from dc:title"
    found = structure(data)
    assert found.roles.get("/P", 0) > 0, "no paragraphs tagged"
    assert all(alt.strip() for alt in found.alts), f"a figure without /Alt: {found.alts}"
    assert found.tables_without_th == 0, "a table without header cells"
    assert all(s in ("/Column", "/Row") for s in found.header_scopes), found.header_scopes
    assert pdfua_findings(data) == []
    assert loose_content(data)[0] == 0, "marked content outside the structure tree"
    return found
