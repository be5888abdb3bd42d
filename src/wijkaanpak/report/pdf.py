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
        data: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=_scope_headers)
    problems = [m for m in errors if any(k in m for k in _INACCESSIBLE)]
    if problems:
        msg = f"the PDF {title!r} would not be accessible: " + "; ".join(problems)
        raise InaccessiblePdfError(msg)
    if target is not None:
        target.write_bytes(data)
    return data


__all__ = ["LANGUAGES", "PDF_VARIANT", "InaccessiblePdfError", "write_pdf"]
