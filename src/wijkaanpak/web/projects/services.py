"""Bridge between projects and the engine: read a project's neighbourhood and assumptions once and
keep the prepared inputs in memory, so that a plan change only runs the fast engine."""

from __future__ import annotations

import json
import tempfile
from collections import OrderedDict
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from wijkaanpak.analysis.evaluate import (
    Result,
    densification_sweep,
    evaluate_plan,
    prepare_inputs,
)
from wijkaanpak.analysis.summary import per_block
from wijkaanpak.io.assumptions import load_assumptions
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.inputs import Inputs
from wijkaanpak.model.mkba import LABEL as MKBA_LABEL
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.model.plan import Plan
from wijkaanpak.model.survey import apply_answers
from wijkaanpak.texts import Texts
from wijkaanpak.web.projects.models import Project


def assumptions_for(text: str) -> Any:
    """The shipped assumptions overridden by ``text`` (YAML); InputError names the key."""
    if not text.strip():
        return load_assumptions()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "aannames.yaml"
        path.write_text(text, "utf-8")
        return load_assumptions(path)


_INPUTS: OrderedDict[tuple[Any, ...], Inputs] = OrderedDict()  # least recently used last out
_INPUTS_MAX = 16


@lru_cache(maxsize=16)
def _blocks_geojson(project_id: int, version: str, neighbourhood: str) -> dict[str, Any]:
    """Blocks in WGS 84 (pyproj via GeoPandas) with the attributes the map colours by."""
    nbh = read_neighbourhood(neighbourhood or None)
    table = per_block(nbh)
    kind = table["foundation_type"].astype(str)
    group = kind.str.replace(r"^no_pile.*", "ondiep", regex=True).str.replace(
        r"^wood.*", "houten palen", regex=True
    )
    blocks = nbh.blocks[["geometry"]].to_crs("EPSG:4326")
    blocks["block_id"] = blocks.index.astype(str)
    blocks["foundation"] = group.replace(
        {"concrete": "betonpalen", "unknown": "onbekend"}
    ).to_numpy()
    blocks["damage"] = table["worst_damage"].astype(str).to_numpy()
    blocks["subsidence"] = table["subsidence_mm_per_yr"].astype(float).to_numpy()
    blocks["dwellings"] = table["dwellings"].astype(int).to_numpy()
    d = nbh.dwellings
    blocks["label"] = (
        d.groupby("block_id")["energy_label"]
        .agg(lambda s: s.mode().iloc[0])
        .reindex(blocks.index)
        .to_numpy()
    )
    owner_share = (
        (d["tenure"] == "owner_occupier").groupby(d["block_id"]).mean().reindex(blocks.index)
    )
    blocks["tenure"] = (
        d.groupby("block_id")["tenure"]
        .agg(lambda s: s.mode().iloc[0])
        .reindex(blocks.index)
        .to_numpy()
    )
    blocks["owner_share"] = owner_share.round(2).to_numpy()
    blocks["street"] = (  # the street most of the block's homes are on (the map's table of blocks)
        d.groupby("block_id")["street"]
        .agg(lambda s: s.mode().iloc[0] if s.notna().any() else "")
        .reindex(blocks.index)
        .fillna("")
        .to_numpy()
    )
    data: dict[str, Any] = json.loads(blocks.to_json(drop_id=True))
    data["fictional"] = nbh.metadata.fictional
    return data


def blocks_geojson(project: Project) -> dict[str, Any]:
    path = project.neighbourhood.path if project.neighbourhood else ""
    return _blocks_geojson(project.pk, project.updated_at.isoformat(), path)


def neighbourhood_with_answers(project: Project) -> Neighbourhood:
    """The project's neighbourhood with the residents' survey answers, corrections and consented
    financial data in place of the file's values."""
    from wijkaanpak.web.participation import services as participation

    nbh = read_neighbourhood(project.neighbourhood.path if project.neighbourhood else None)
    answers = participation.answers_frame(project)
    answers = answers.loc[answers.index.intersection(nbh.households.index)]  # file replaced?
    if len(answers):
        nbh = replace(nbh, households=apply_answers(nbh.households, answers))
    return nbh


def inputs_for(project: Project) -> Inputs:
    """Prepared inputs of the project: its neighbourhood with the residents' answers, corrections and
    consented financial data in place of the defaults (kept in memory until any of them changes)."""
    from wijkaanpak.web.participation import services as participation

    path = project.neighbourhood.path if project.neighbourhood else ""
    version = participation.answers_version(project)
    key = (project.pk, project.updated_at.isoformat(), path, project.assumptions_yaml, version)
    if key in _INPUTS:
        _INPUTS.move_to_end(key)
        return _INPUTS[key]
    _INPUTS[key] = inputs = prepare_inputs(
        neighbourhood_with_answers(project), assumptions_for(project.assumptions_yaml)
    )
    while len(_INPUTS) > _INPUTS_MAX:
        _INPUTS.popitem(last=False)
    return inputs


BUILTIN = ("all-none", "all-repair", "all-renew", "mix")


def plans(project: Project) -> dict[str, str | Plan]:
    """The built-in plans and the project's saved plans, by name."""
    out: dict[str, str | Plan] = {name: name for name in BUILTIN}
    for saved in project.plans.all():
        out[saved.name] = Plan.model_validate(saved.plan)
    return out


def evaluate(project: Project, plan: str | Plan) -> Result:
    return evaluate_plan(plan, inputs_for(project))


def summary(result: Result) -> dict[str, Any]:
    """What the API and the pages show (aggregates only: no individual household)."""
    return result.to_dict(blocks=False)


def mkba_rows(summaries: list[dict[str, Any]], english: bool) -> list[dict[str, Any]]:
    """The MKBA table for a page: one row per effect any plan has (then PM items), values per plan
    in euro (``None`` for PM), labels in the page's language."""
    per_plan = [{e["key"]: e["eur"] for e in s["mkba"]["effects"]} for s in summaries]
    keys = list(dict.fromkeys(k for effects in per_plan for k in effects))  # first seen first
    return [
        {
            "label": MKBA_LABEL[key][1 if english else 0],
            "key": key,
            "values": [effects.get(key, 0.0) for effects in per_plan],
        }
        for key in keys
    ]


def distribution_rows(summaries: list[dict[str, Any]], english: bool) -> list[dict[str, Any]]:
    """The MKBA's distribution per actor for a page, labels in the page's language."""
    t = Texts("en" if english else "nl")
    actors = list(summaries[0]["mkba"]["distribution"]) if summaries else []
    return [
        {
            "label": t("housing_association_actor" if a == "housing_association" else a),
            "key": a,
            "values": [s["mkba"]["distribution"][a] for s in summaries],
        }
        for a in actors
    ]


def sweep(project: Project, plan: str | Plan, step: float = 0.05) -> list[dict[str, Any]]:
    table = densification_sweep(plan, inputs_for(project), step=step)
    return [
        {
            "densification": float(k),
            "exploitation_npv_eur": round(float(v), 2),
            "fits": bool(f),
            "blocks_full": int(n),
        }
        for k, v, f, n in zip(
            table["densification"],
            table["exploitation_npv_eur"],
            table["fits"],
            table["blocks_full"],
            strict=True,
        )
    ]


def workbook(project: Project, plans: list[str | Plan], path: Path) -> Path:
    """The exploitation workbook of the project's plans alone: the same sheets as the report's
    ``exploitatie.xlsx`` (both ``write_workbook`` of the same results) without building the
    PDF, the charts and the risk chapter that the report adds."""
    from wijkaanpak.report.workbook import write_workbook

    return write_workbook([evaluate(project, p) for p in plans], path)


def report(
    project: Project, plans: list[str | Plan], out: Path, xlsx: bool, lang: str = "nl"
) -> None:
    """Write the council report for the project's plans into ``out``, in ``lang`` (nl, en)."""
    from wijkaanpak.report.document import build_report

    build_report(
        neighbourhood_with_answers(project),
        assumptions_for(project.assumptions_yaml),
        plans,
        out,
        xlsx=xlsx,
        lang=lang,
    )
