"""Screening many buurten on Dask (issue #18): the results equal ``evaluate`` of the same data, a
failing buurt is reported while the rest completes, finished buurten are not redone."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from wijkaanpak.analysis.evaluate import context, evaluate_plan
from wijkaanpak.cli.main import app
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.io.partitions import list_partitions
from wijkaanpak.reference.national import write_national
from wijkaanpak.screening.blocks import derive_blocks
from wijkaanpak.screening.buurt import PLANS
from wijkaanpak.screening.households import default_households
from wijkaanpak.screening.run import local_cluster, screen

runner = CliRunner()
SEED = 7  # any seed: the data are generated, fictional


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten small fictional buurten (≈ 60 dwellings each), half with households."""
    root = tmp_path_factory.mktemp("national")
    write_national(root, 10, SEED, households_share=0.5, median=60)
    return root


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """An existing cluster for the ``--scheduler`` path: two worker processes on 127.0.0.1."""
    with local_cluster(2) as c:
        yield str(c.scheduler_address)


def _as_folder(national: Path, code: str, target: Path) -> Path:
    """The buurt's partition files as an ordinary neighbourhood folder (``<table>.parquet``)."""
    target.mkdir(parents=True)
    for table in ("dwellings", "blocks", "households", "public_space"):
        part = national / table / f"buurtcode={code}" / "part-0.parquet"
        if part.exists():
            shutil.copy(part, target / f"{table}.parquet")
    row = pd.read_parquet(national / "buurten.parquet").set_index("buurtcode").loc[code]
    meta = {"name": row["name"], "buurtcode": code, "municipality": row["municipality"]}
    pd.DataFrame([{**meta, "fictional": True}]).to_csv(target / "metadata.csv", index=False)
    return target


def test_screen_on_two_local_workers_equals_evaluate_of_each_buurt(
    national: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["screen", str(national), "--out", str(out), "--workers", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert set(summary) == {"buurten", "dwellings", "warranted", "seconds", "failed"}
    assert summary["buurten"] == 10 and summary["failed"] == []
    rows = pd.read_csv(out / "screening.csv", dtype={"buurtcode": str}).set_index("buurtcode")
    assert summary["dwellings"] == rows["dwellings"].sum()
    assert summary["warranted"] == rows["warranted"].sum()
    assert {"known", "defaults"} == set(rows["households_source"])
    for code, row in rows.iterrows():
        folder = _as_folder(national, str(code), tmp_path / str(code))
        if row["households_source"] == "defaults":  # the same defaults, as a file of their own
            nbh = read_neighbourhood(folder)
            default_households(nbh.dwellings, str(code)).to_csv(
                folder / "households.csv", index=False
            )
        inp = context(folder)
        for plan in PLANS:
            expected = evaluate_plan(plan, inp)
            key = plan.replace("-", "_")
            assert row[f"exploitation_{key}_eur"] == pytest.approx(
                expected.exploitation_npv, abs=0.01
            )
            assert row[f"mkba_{key}_eur"] == pytest.approx(
                expected.evaluation.mkba.balance, abs=0.01
            )
        renew = evaluate_plan("all-renew", inp).households
        if row["households_source"] == "known" and renew["owner_households"] > 0:
            assert row["closed_purse_share"] == pytest.approx(renew["closed_purse_share"], abs=1e-4)
        else:
            assert pd.isna(row["closed_purse_share"])  # only where households are known
    # one buurt once more through the command a user would type: the same figures
    code = str(rows.index[0])
    shown = runner.invoke(
        app, ["evaluate", "--plan", "all-renew", "--neighbourhood", str(tmp_path / code), "--json"]
    )
    data = json.loads(shown.stdout)
    assert rows.loc[code, "exploitation_all_renew_eur"] == data["exploitation"]["npv_eur"]
    assert rows.loc[code, "mkba_all_renew_eur"] == data["mkba"]["balance_eur"]
    html = (out / "screening.html").read_text("utf-8")
    assert "FICTIEF" in html and "<caption>" in html and 'role="img"' in html
    # the page is Dutch, its reasons too (they were English); the CSV keeps both
    assert "dwellings" not in html and "met risico" in html
    assert {"reason", "reason_nl"} <= set(rows.columns)
    assert (out / "screening.gpkg").exists() and (out / "screening.parquet").exists()


def test_a_failing_buurt_is_reported_and_the_rest_completes_and_resume_skips_finished(
    national: Path, tmp_path: Path, cluster: str
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(national, broken)
    code = list_partitions(broken)[3].code
    part = broken / "dwellings" / f"buurtcode={code}" / "part-0.parquet"
    frame = pd.read_parquet(part)
    frame.loc[1, "build_year"] = 3000
    frame.to_parquet(part)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["screen", str(broken), "--out", str(out), "--scheduler", cluster, "--json"]
    )
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["buurten"] == 9
    [failure] = summary["failed"]
    assert failure["buurtcode"] == code
    assert "record 2" in failure["message"] and "'build_year'" in failure["message"]
    assert "got '3000'" in failure["message"]
    finished = {p.name: p.stat().st_mtime_ns for p in (out / "buurten").iterdir()}
    assert len(finished) == 9
    # resume: the nine finished buurten are not redone; the broken one is tried again
    again = screen(broken, out, scheduler=cluster)
    assert again.skipped == 9 and again.buurten == 9 and len(again.failed) == 1
    assert {p.name: p.stat().st_mtime_ns for p in (out / "buurten").iterdir()} == finished
    # mended, only that buurt runs
    frame.loc[1, "build_year"] = 1925
    frame.to_parquet(part)
    mended = screen(broken, out, scheduler=cluster)
    assert mended.skipped == 9 and mended.buurten == 10 and mended.failed == []


def test_blocks_derived_from_building_adjacency_are_the_generated_blocks(national: Path) -> None:
    p = list_partitions(national)[0]
    dwellings = pd.read_parquet(p.files["dwellings"][0])
    import geopandas as gpd

    geo = gpd.read_parquet(p.files["dwellings"][0])
    block, blocks, how = derive_blocks(geo.drop(columns="block_id"), p.code)
    assert how == "derived from building adjacency"
    # the same grouping of dwellings: each derived block is exactly one generated block
    pairs = pd.DataFrame({"derived": block.to_numpy(), "given": dwellings["block_id"].to_numpy()})
    assert pairs.groupby("derived")["given"].nunique().max() == 1
    assert pairs.groupby("given")["derived"].nunique().max() == 1
    assert len(blocks) == dwellings["block_id"].nunique()


def test_without_blocks_and_households_screening_derives_and_marks_them(
    tmp_path: Path, cluster: str
) -> None:
    root = tmp_path / "bag-like"
    write_national(root, 2, SEED, households_share=0.0, with_blocks=False, median=40)
    out = tmp_path / "out"
    summary = screen(root, out, scheduler=cluster)
    assert summary.failed == [] and summary.buurten == 2
    rows = pd.read_csv(out / "screening.csv")
    assert set(rows["blocks_source"]) == {"derived from building adjacency"}
    assert set(rows["households_source"]) == {"defaults"}
    assert rows["closed_purse_share"].isna().all()


def test_the_national_set_is_deterministic_and_says_it_is_fictional(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_national(a, 3, SEED, median=30)
    write_national(b, 3, SEED, median=30, workers=2)
    for table in ("dwellings", "blocks", "public_space"):
        for part in sorted((a / table).rglob("*.parquet")):
            twin = b / part.relative_to(a)
            pd.testing.assert_frame_equal(pd.read_parquet(part), pd.read_parquet(twin))
    buurten = pd.read_parquet(a / "buurten.parquet")
    assert buurten["fictional"].all()
    assert buurten["buurtcode"].str.fullmatch(r"BU9\d{7}").all()  # municipality codes 9000+
    readme = (a / "LEESMIJ-FICTIEF.txt").read_text("utf-8")
    assert "FICTIEVE gegevens" in readme and "FICTIONAL data" in readme


def test_each_buurt_task_keeps_freed_memory_in_its_worker(
    national: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Dask workers are processes of their own (they do not inherit the command's malloc
    settings): each task sets them, before it reads (wijkaanpak.malloc)."""
    from wijkaanpak.screening import buurt

    seen: list[str] = []
    monkeypatch.setattr(buurt, "keep_freed_memory", lambda: seen.append("kept") or True)
    monkeypatch.setattr(buurt, "read_partition", lambda p: seen.append("read") or {})
    partition = list_partitions(national)[0]
    row = buurt.screen_partition(partition, None, buurt.Rule())
    assert seen == ["kept", "read"] and "error" in row  # no tables read: reported, not raised


def test_the_rule_says_why_in_english_and_dutch() -> None:
    from wijkaanpak.screening.buurt import Rule

    rule = Rule()  # at least 50 at risk, at least 25 %, a joint scenario with MKBA > 0
    cases = [
        ((20, 0.5, 1e6), "20 dwellings at risk < 50", "20 woningen met risico < 50"),
        (
            (80, 0.1, 1e6),
            "10% of dwellings at risk < 25%",
            "10 % van de woningen met risico < 25 %",
        ),
        (
            (80, 0.4, -5.0),
            "no joint scenario beats doing nothing (MKBA ≤ 0)",
            "geen gezamenlijk scenario doet het beter dan niets doen (MKBA ≤ 0)",
        ),
        (
            (80, 0.4, 5.0),
            "80 dwellings (40%) at risk; a joint scenario has MKBA > 0",
            "80 woningen (40 %) met risico; een gezamenlijk scenario heeft MKBA > € 0",
        ),
    ]
    for args, english, dutch in cases:
        assert rule.verdict(*args)[1] == english
        assert rule.verdict(*args, lang="nl")[1] == dutch
        assert rule.verdict(*args)[0] == rule.verdict(*args, lang="nl")[0]
