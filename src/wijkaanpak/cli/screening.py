"""CLI commands for screening many buurten: ``generate-national`` and ``screen``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from wijkaanpak.cli.app import AssumptionsOpt, JsonOpt, LangOpt, app, err, out, reports_input_errors
from wijkaanpak.reference.voorbeeldwijk import SEED


@app.command("generate-national")
def generate_national(
    buurten: Annotated[int, typer.Option("--buurten", min=1, help="Aantal buurten (10 … 14.000).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Map voor de GeoParquet-partities.")],
    seed: Annotated[int, typer.Option("--seed", help="Zaadgetal (deterministisch).")] = SEED,
    households_share: Annotated[
        float,
        typer.Option(
            "--households-share", min=0.0, max=1.0, help="Aandeel buurten met huishoudens."
        ),
    ] = 0.25,
    without_blocks: Annotated[
        bool, typer.Option("--without-blocks", help="Geen bouwblokken (zoals een BAG-extract).")
    ] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processen.")] = 1,
    median_dwellings: Annotated[
        int, typer.Option("--median-dwellings", min=20, help="Mediaan woningen per buurt.")
    ] = 420,
) -> None:
    """Genereer een FICTIEVE landelijke dataset (GeoParquet, per buurtcode gepartitioneerd)."""
    from wijkaanpak.reference.national import write_national

    counts = write_national(
        out_dir,
        buurten,
        seed,
        households_share,
        with_blocks=not without_blocks,
        workers=workers,
        median=median_dwellings,
    )
    out.print(
        f"Written: {out_dir} — {counts['buurten']} buurten, {counts['dwellings']} dwellings, "
        f"{counts['households']} households (FICTIONAL)"
    )


@app.command("screen")
@reports_input_errors
def screen_cmd(
    source: Annotated[
        Path, typer.Argument(help="Map met dwellings/buurtcode=…/ of *.gpkg per buurt.")
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Map voor de uitvoer (hervatbaar).")],
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Bestaand Dask-cluster, tcp://HOST:PORT."),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Werkprocessen van het lokale cluster.")
    ] = 2,
    memory_limit: Annotated[
        str, typer.Option("--memory-limit", help="Geheugen per werkproces (lokaal cluster).")
    ] = "2GiB",
    assumptions: AssumptionsOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Screen alle buurten: risico, herstelkosten, drie scenario's, wijkaanpak aangewezen?"""
    from wijkaanpak.screening.run import screen

    with Progress(
        TextColumn("buurten"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=as_json,
    ) as bar:
        task = bar.add_task("screen", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        summary = screen(
            source,
            out_dir,
            scheduler=scheduler,
            workers=workers,
            memory_limit=memory_limit,
            assumptions=assumptions,
            progress=progress,
        )
    if as_json:
        sys.stdout.write(json.dumps(summary.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(
            f"{summary.buurten} buurten, {summary.dwellings} woningen; wijkaanpak aangewezen in "
            f"{summary.warranted}; {summary.seconds:.1f} s ({summary.skipped} al klaar). "
            f"Uitvoer: {out_dir}/screening.html, .csv, .gpkg, .parquet"
        )
    for failure in summary.failed:
        err.out(f"✗ {failure['buurtcode']}: {failure['message']}", highlight=False)
    if summary.failed:
        raise typer.Exit(code=1)
