"""The one way this project writes a PDF: tagged PDF/UA-1 with language and title (issue #20).

Every PDF (the council report, the interim report, the letters with codes, the household overview)
goes through :func:`write_pdf`, so that accessibility is set in one place:

* ``pdf_variant="pdf/ua-1"``: WeasyPrint tags the document (structure tree from the HTML: headings,
  paragraphs, lists, tables with ``TH``/``TD`` and their headers, figures with the ``alt`` text),
  sets ``/MarkInfo /Marked true`` and ``DisplayDocTitle``, and declares PDF/UA-1 in the XMP
  metadata (``pdfuaid:part 1``); bookmarks follow the headings ``h1``–``h6``;
* the language (``/Lang``) and title (document info and XMP ``dc:title``) are the arguments, not
  whatever the HTML says, so a caller cannot forget them;
* header cells get ``/Scope`` (``/Column``, or ``/Row`` for ``<th scope="row">``): WeasyPrint 70
  links each data cell to its headers (``/Headers`` on ``TD``) but leaves ``TH`` without a scope;
* the content of the page margins (the page numbers) is marked as a pagination **artifact**:
  WeasyPrint 70 tags it as marked content of structure elements that hang outside the document's
  structure tree (PDF/UA-1 7.1: content is either in the structure tree or an artifact);
* what WeasyPrint only logs — an image without ``alt``, a document without a language — is raised
  as :class:`InaccessiblePdfError` instead: such a PDF is not written.

References
----------
1. ISO 14289-1:2014, Document management applications — Electronic document file format
   enhancement for accessibility — Part 1: Use of ISO 32000-1 (PDF/UA-1).
2. WeasyPrint 70, ``weasyprint/pdf/tags.py`` and ``weasyprint/pdf/pdfua.py`` (what is tagged).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: The PDF variant of every document this project writes.
PDF_VARIANT = "pdf/ua-1"
#: Languages the documents are written in (BCP 47).
LANGUAGES = ("nl", "en")
#: WeasyPrint's logged errors that mean the PDF would not be accessible.
_INACCESSIBLE = ("alt description", '"lang" attribute')


class InaccessiblePdfError(ValueError):
    """The HTML would give a PDF that is not accessible (an image without alt text, no language)."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_errors() -> Iterator[list[str]]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def _descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def _scope_headers(document: Any, pdf: Any) -> None:
    """Finisher: give every tagged ``TH`` its ``/Scope`` from the HTML ``scope`` attribute.

    WeasyPrint keeps the structure element of each table cell on its box (``box.mark``, set in
    ``weasyprint/pdf/tags.py``); the tests check that every ``TH`` in every PDF has a scope."""
    for page in document.pages:
        for box in _descendants(page._page_box):
            element = getattr(box, "mark", None)
            if element is not None and box.element_tag == "th":
                scope = box.element.attrib.get("scope")
                element["A"]["Scope"] = "/Row" if scope == "row" else "/Column"


def _reachable(pdf: Any, reference: bytes, seen: set[int]) -> None:
    """Collect the object numbers of the structure elements below ``reference`` (``/K``)."""
    number = int(reference.split()[0])
    if number in seen:
        return
    seen.add(number)
    kids = pdf.objects[number].get("K", ())
    for kid in kids if isinstance(kids, list) else [kids]:
        if isinstance(kid, bytes) and kid.endswith(b" R"):
            _reachable(pdf, kid, seen)


def _margins_as_artifacts(document: Any, pdf: Any) -> None:
    """Finisher: turn marked content whose structure element is not in the structure tree (the
    page margin boxes: WeasyPrint 70 builds their elements but does not link them, ``pdf/tags.py``)
    into ``/Artifact <</Type /Pagination>>`` and drop it from the parent tree.

    The parent tree maps each page's marked-content ids (MCID) to their elements; an id that is
    now an artifact maps to ``null`` (trailing ones are removed)."""
    root = pdf.objects[int(pdf.catalog["StructTreeRoot"].split()[0])]
    tree: set[int] = set()
    _reachable(pdf, root["K"][0], tree)
    nums = pdf.objects[int(root["ParentTree"].split()[0])]["Nums"]
    pages = list(pdf.pages["Kids"][::3])
    for position in range(0, len(nums), 2):
        page, elements = nums[position], nums[position + 1]
        if not isinstance(elements, list) or page >= len(pages):
            continue  # an annotation's entry, not a page's
        loose = {
            mcid
            for mcid, ref in enumerate(elements)
            if isinstance(ref, bytes) and int(ref.split()[0]) not in tree
        }
        if not loose:
            continue
        contents = pdf.objects[pages[page]]["Contents"]
        stream = pdf.objects[int(contents.split()[0])].stream
        for i in range(len(stream) - 2):
            props = stream[i + 1]
            if stream[i + 2] == b"BDC" and isinstance(props, dict) and props.get("MCID") in loose:
                stream[i] = "/Artifact"
                stream[i + 1] = type(props)({"Type": "/Pagination"})
        for mcid in loose:
            elements[mcid] = b"null"
        while elements and elements[-1] == b"null":
            elements.pop()


def _finish(document: Any, pdf: Any) -> None:
    _scope_headers(document, pdf)
    _margins_as_artifacts(document, pdf)


def write_pdf(
    html: str, target: Path | None, *, lang: str, title: str, base_url: str | None = None
) -> bytes:
    """Render ``html`` to a tagged PDF/UA-1 document; write it to ``target`` when given.

    Parameters
    ----------
    html
        The whole document (``<html>`` … ``</html>``); every ``<img>`` needs an ``alt``.
    target
        File to write, or ``None`` to only return the bytes.
    lang
        Document language, ``"nl"`` or ``"en"``. [BCP 47 tag]
    title
        Document title, shown by viewers instead of the file name.
    base_url
        Where relative links and images in ``html`` are resolved.

    Returns
    -------
    The PDF. [bytes]

    Raises
    ------
    InaccessiblePdfError
        An unknown language, an empty title, or WeasyPrint reported an image without alt text.
    """
    from weasyprint import HTML

    if lang not in LANGUAGES:
        msg = f"lang must be one of {LANGUAGES}, got {lang!r}"
        raise InaccessiblePdfError(msg)
    if not title.strip():
        msg = "a PDF needs a title (PDF/UA-1 7.1), got an empty one"
        raise InaccessiblePdfError(msg)
    with _weasyprint_errors() as errors:
        document = HTML(string=html, base_url=base_url).render(pdf_variant=PDF_VARIANT)
        document.metadata.lang = lang
        document.metadata.title = title.strip()
        data: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=_finish)
    problems = [m for m in errors if any(k in m for k in _INACCESSIBLE)]
    if problems:
        msg = f"the PDF {title!r} would not be accessible: " + "; ".join(problems)
        raise InaccessiblePdfError(msg)
    if target is not None:
        target.write_bytes(data)
    return data


__all__ = ["LANGUAGES", "PDF_VARIANT", "InaccessiblePdfError", "write_pdf"]
