"""Read plans: a built-in name (``all-none``, ``all-repair``, ``all-renew``) or a YAML/JSON file."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import ValidationError

from wijkaanpak.model.issues import InputError, Issue
from wijkaanpak.model.plan import BUILTIN_PLANS, Plan, builtin_plan


def load_plan(spec: str, block_ids: list[str] | None = None) -> Plan:
    """A built-in plan by name, or a plan file; block ids are checked against the neighbourhood."""
    if spec in BUILTIN_PLANS:
        return builtin_plan(spec)
    path = Path(spec)
    if not path.is_file():
        msg = f"no such plan file; built-in plans are {', '.join(BUILTIN_PLANS)}"
        raise InputError([Issue(spec, "", "", msg)])
    try:
        text = path.read_text("utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as err:
        raise InputError([Issue(spec, "", "", f"cannot be read as YAML/JSON: {err}")]) from None
    if isinstance(data, dict):
        data.setdefault("name", path.stem)
    try:
        plan = Plan.model_validate(data)
    except ValidationError as err:
        issues = [
            Issue(
                spec,
                "",
                ".".join(str(p) for p in e["loc"]),
                str(e["msg"]).removeprefix("Value error, "),
                error=dict(e),  # for the message in Dutch (wijkaanpak.messages.issue_message)
            )
            for e in err.errors()
        ]
        raise InputError(issues) from None
    if block_ids is not None:
        unknown = sorted(set(plan.blocks) - set(block_ids))
        if unknown:
            msg = f"block(s) not in the neighbourhood: {', '.join(unknown[:5])}"
            raise InputError([Issue(spec, "", "blocks", msg)])
    return plan


def plan_dict(plan: Plan) -> dict[str, object]:
    """A plan as plain data, leaving out what equals the defaults (what a plan file holds)."""
    data: dict[str, object] = plan.model_dump(mode="json", exclude_defaults=True)
    return data


def write_plan(plan: Plan, path: Path) -> None:
    """Write a plan file (YAML, or JSON for a ``.json`` path) that :func:`load_plan` reads back."""
    data = plan_dict(plan)
    if path.suffix.lower() == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, "utf-8")
