"""CLI command ``import-bag``: a neighbourhood from BAG (an extract as delivered, or PDOK files)
plus foundation data, with an import report (docs/data.md)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from wijkaanpak.cli.app import (
    LangOpt,
    ReportedInputError,
    app,
    counted,
    out,
    reports_input_errors,
)
from wijkaanpak.io.bag import BagSources, import_bag
from wijkaanpak.io.guards import (
    Limits,
    existing_file_issues,
    limits,
    output_issues,
    set_limits,
)
from wijkaanpak.io.import_report import ImportReport
from wijkaanpak.io.neighbourhood import write_neighbourhood
from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.texts import Texts

FileOpt = Annotated[Path | None, typer.Option()]


@app.command("import-bag")
@reports_input_errors
def import_bag_cmd(
    out_path: Annotated[Path, typer.Option("--out", help="Doel: .gpkg-bestand of map voor CSV's.")],
    foundation: Annotated[
        Path | None,
        typer.Option(
            "--foundation", "--fundering", help="Funderingsgegevens per pand (FunderMaps-stijl)."
        ),
    ] = None,
    extract: Annotated[
        Path | None,
        typer.Option(
            "--bag", help="BAG 2.0-extract van het Kadaster: zip, map of XML (met historie)."
        ),
    ] = None,
    pand: Annotated[
        Path | None,
        typer.Option(help="BAG panden (GeoPackage-laag 'pand', GeoJSON van PDOK, CSV met WKT)."),
    ] = None,
    verblijfsobject: Annotated[
        Path | None, typer.Option(help="BAG verblijfsobjecten (CSV/GeoPackage/GeoJSON).")
    ] = None,
    nummeraanduiding: Annotated[
        Path | None,
        typer.Option(help="BAG nummeraanduidingen (adressen), bij alleen hoofdadres-id."),
    ] = None,
    openbare_ruimte: Annotated[
        Path | None, typer.Option("--openbare-ruimte", help="BAG openbare ruimten (straatnamen).")
    ] = None,
    dwelling_data: Annotated[
        Path | None,
        typer.Option(
            "--dwelling-data",
            "--woninggegevens",
            help="WOZ, label, eigendom per verblijfsobject (CSV); zonder: standaardwaarden, gemeld.",
        ),
    ] = None,
    dwelling_defaults: Annotated[
        Path | None,
        typer.Option(
            "--dwelling-defaults",
            help="Eigen standaardwaarden (YAML, als data/import_defaults.yaml) voor WOZ, label, eigendom.",
        ),
    ] = None,
    report_path: Annotated[
        Path | None,
        typer.Option("--report", help="Importverslag naar dit bestand (.json of tekst)."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Elke weggelaten, gewijzigde of aangevulde waarde is een fout."
        ),
    ] = False,
    max_file_mb: Annotated[
        float | None, typer.Option("--max-file-mb", min=0.001, help="Grootste invoerbestand [MB].")
    ] = None,
    max_field_chars: Annotated[
        int | None, typer.Option("--max-field-chars", min=1, help="Langste veld [tekens].")
    ] = None,
    bbox: Annotated[
        str | None,
        typer.Option(
            "--bbox", help="Alleen panden in dit kader: xmin,ymin,xmax,ymax in RD New (EPSG:28992)."
        ),
    ] = None,
    name: Annotated[str, typer.Option(help="Naam van de wijk.")] = "",
    lang: LangOpt = None,
) -> None:
    """Maak een wijk uit BAG (Kadaster-extract of PDOK) plus funderingsgegevens, met importverslag."""
    src = BagSources(
        pand,
        verblijfsobject,
        foundation,
        dwelling_data,
        extract,
        nummeraanduiding,
        openbare_ruimte,
        dwelling_defaults,
    )
    box = parse_bbox(bbox) if bbox is not None else None
    problems = output_issues(out_path, src.inputs()) + existing_file_issues(out_path)
    if report_path is not None:
        problems += output_issues(report_path, src.inputs(), "--report", output=out_path)
        folder = next((p for p in report_path.absolute().parents if p.exists()), Path("/"))
        if not folder.is_dir() or not os.access(folder, os.W_OK):  # before the import, not after
            why = f"{folder} is not a writable folder"
            problems.append(Issue(str(report_path), "", "", f"cannot write the report: {why}"))
    if problems:
        raise InputError(problems)
    before = limits()
    set_limits(Limits(max_file_mb or before.max_file_mb, max_field_chars or before.max_field_chars))
    report = ImportReport()
    try:
        nbh = import_bag(src, name=name, report=report, strict=strict, bbox=box)
        write_neighbourhood(nbh, out_path)
    except InputError as exc:
        if report_path is None:
            raise
        try:
            report.write(report_path, exc.issues)  # every error, never the output file
        except InputError as unwritable:
            raise InputError([*exc.issues, *unwritable.issues]) from None
        raise ReportedInputError(exc.issues, report_path) from None
    finally:
        set_limits(None)
    if report_path is not None:
        report.write(report_path)
    sys.stdout.write("\n".join(report.lines()) + "\n")
    t = Texts(lang)
    out.print()
    out.print(
        f"{t('written')}: {out_path} — {counted(t, len(nbh.dwellings), 'dwellings')}, "
        f"{counted(t, len(nbh.blocks), 'blocks')}"
        + (f"; report: {report_path}" if report_path else "")
    )


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``"206200,447400,206500,447700"`` → four numbers (RD New, metres)."""
    try:
        xmin, ymin, xmax, ymax = (float(v) for v in text.replace(";", ",").split(","))
    except ValueError:
        xmin = ymin = xmax = ymax = float("nan")
    if not (xmin < xmax and ymin < ymax):
        msg = f"expected xmin,ymin,xmax,ymax in RD New metres (e.g. 206200,447400,206500,447700), got {text!r}"
        raise InputError([Issue("--bbox", "", "", msg)])
    return xmin, ymin, xmax, ymax
