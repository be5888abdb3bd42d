"""Seed a project's participation track from the report's blueprint (phases, steps, checklists,
involvement matrix, stakeholder register and analysis, default go/no-go criteria) and create one
invitation per household of the neighbourhood. Idempotent: runs once per project."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from django.db import transaction
from django.utils import timezone

from wijkaanpak.io import participation as defaults
from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.neighbourhood import Neighbourhood
from wijkaanpak.web.participation.audit import record
from wijkaanpak.web.participation.models import (
    Activity,
    Checkpoint,
    Criterion,
    Invitation,
    InvolvementGroup,
    Phase,
    Settings,
    Stakeholder,
    StakeholderAnalysis,
    StakeholderLink,
    Step,
)
from wijkaanpak.web.participation.models.people import code_digest, new_code
from wijkaanpak.web.projects.models import Project

GROUP_OF_TENURE = {
    "owner_occupier": "eigenaar_bewoners",
    "housing_association": "huurders_corporatie",
    "private_rental": "huurders_particulier",
}

#: Default go/no-go thresholds. They are the project's choice, not facts: the defaults are labelled
#: assumptions so the team sets its own (and the page says so). No support threshold: the report
#: calls the consultation "Raadpleging (geen stemming)" (phase 3, step 2), so support per plan is
#: shown and weighed beside the criteria; a project may still add one, with a warning on the page.
DEFAULT_CRITERIA = (
    (
        "deficit_per_dwelling_eur",
        "le",
        40_000.0,
        "aanname: wat de gemeente per woning wil bijdragen (bereik 0–100.000); stel zelf vast",
    ),
    (
        "returning_closed_purse_pct",
        "ge",
        50.0,
        "aanname: minstens de helft van wie terug wil kan dat met gesloten beurzen (bereik "
        "25–100 %); wie in de enquête 'nee' zegt telt niet mee",
    ),
)


@lru_cache(maxsize=4)
def _read(path: str) -> Neighbourhood:
    return read_neighbourhood(path or None)


def cached_neighbourhood(project: Project) -> Neighbourhood:
    """The project's neighbourhood file as read (not changed by answers); read once per file."""
    return _read(project.neighbourhood.path if project.neighbourhood else "")


@transaction.atomic
def ensure_seeded(project: Project) -> Settings:
    settings, created = Settings.objects.get_or_create(project=project)
    if created:
        _process(project)
        nbh = cached_neighbourhood(project)
        _stakeholders(project, nbh)
        for metric, comparator, threshold, source in DEFAULT_CRITERIA:
            Criterion.objects.create(
                project=project,
                metric=metric,
                comparator=comparator,
                threshold=threshold,
                source=source,
            )
        create_invitations(project, nbh)
    return settings


def _process(project: Project) -> None:
    bp = defaults.blueprint()
    groups = {
        g["key"]: InvolvementGroup.objects.create(
            project=project, key=g["key"], name=g["name"], order=i
        )
        for i, g in enumerate(bp["groups"])
    }
    for p in bp["phases"]:
        phase = Phase.objects.create(
            project=project, number=p["number"], name=p["name"], goal=p["goal"]
        )
        for s in p["steps"]:
            step = Step.objects.create(
                phase=phase, number=s["number"], title=s["title"], description=s["description"]
            )
            for a in s["activities"]:
                activity = Activity.objects.create(step=step, text=a["text"])
                activity.groups.set([groups[k] for k in a["groups"]])
        Checkpoint.objects.bulk_create(
            Checkpoint(phase=phase, kind=c["kind"], text=c["text"]) for c in p["checkpoints"]
        )


def _stakeholders(project: Project, nbh: Neighbourhood) -> None:
    data = defaults.stakeholders()
    d = nbh.dwellings
    hh = nbh.households
    lent = set(hh.loc[hh["mortgage_outstanding"].fillna(0) > 0, "dwelling_id"])
    dwellings_of = {
        "owner_occupier": (d.index[d["tenure"] == "owner_occupier"], "owner_occupier"),
        "housing_association": (d.index[d["tenure"] == "housing_association"], "owner"),
        "private_rental": (d.index[d["tenure"] == "private_rental"], "owner"),
        "tenant": (d.index[d["tenure"] != "owner_occupier"], "tenant"),
        "lender": (d.index[d.index.isin(lent)], "lender"),
    }
    for row in data["register"]:
        s = Stakeholder.objects.create(
            project=project, category=row["category"], role=row["role"], name=row["name"]
        )
        if "link" in row:
            ids, relation = dwellings_of[row["link"]]
            StakeholderLink.objects.bulk_create(
                StakeholderLink(
                    stakeholder=s,
                    dwelling_id=str(i),
                    block_id=str(d.at[i, "block_id"]),
                    relation=relation,
                )
                for i in ids
            )
    StakeholderAnalysis.objects.bulk_create(
        StakeholderAnalysis(
            project=project,
            name=a["name"],
            problems="\n".join(a["problems"]),
            positions="\n".join(a["positions"]),
            interests="\n".join(a["interests"]),
        )
        for a in data["analysis"]
    )


def address(row: pd.Series) -> str:
    number = f"{row['house_number']}{_text(row['house_letter'])}"
    addition = _text(row["house_number_addition"])
    postcode = _text(row["postcode"])
    return " ".join(
        x for x in (row["street"], number + (f"-{addition}" if addition else ""), postcode) if x
    )


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)  # type: ignore[call-overload]


def create_invitations(project: Project, nbh: Neighbourhood) -> int:
    """One invitation (without a code yet) per household; returns how many were made."""
    d = nbh.dwellings
    existing = set(project.invitations.values_list("household_id", flat=True))
    rows = []
    for hid, h in nbh.households.iterrows():
        if str(hid) in existing:
            continue
        dw = d.loc[h["dwelling_id"]]
        rows.append(
            Invitation(
                project=project,
                household_id=str(hid),
                dwelling_id=str(h["dwelling_id"]),
                block_id=str(dw["block_id"]),
                address=address(dw),
                group=GROUP_OF_TENURE[str(dw["tenure"])],
            )
        )
    Invitation.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def neighbourhood_replaced(project: Project, before: str, actor: str) -> dict[str, int]:
    """After the project's neighbourhood file was replaced: an invitation (without a code yet: the
    team makes the letters) for every household new in the file; the address, block and group of
    the others brought up to date; the code withdrawn of every household no longer in the file (its
    sessions end, it gets no letters and leaves the reach overview; its data stays until the
    retention period ends). A household back in the file is invited again (a new letter).
    Audit-logged; returns the counts ``new``, ``gone`` and ``back``."""
    after = project.neighbourhood.name if project.neighbourhood else ""
    counts = {"new": 0, "gone": 0, "back": 0}
    if not Settings.objects.filter(project=project).exists():
        return counts  # not seeded yet: the invitations will be made from the new file
    nbh = cached_neighbourhood(project)
    now = timezone.now()
    in_file = {str(h): h for h in nbh.households.index}
    d = nbh.dwellings
    for inv in project.invitations.filter(erased_at__isnull=True):
        if inv.household_id not in in_file:
            if inv.left_at is None:
                inv.left_at, inv.code_digest, inv.code_issued_at = now, None, None
                inv.save(update_fields=["left_at", "code_digest", "code_issued_at"])
                record(
                    actor,
                    "change",
                    inv,
                    project.pk,
                    {"code": "ingetrokken"},
                    "niet meer in het wijkbestand",
                )
                counts["gone"] += 1
            continue
        h = nbh.households.loc[in_file[inv.household_id]]
        dw = d.loc[h["dwelling_id"]]
        fresh = {
            "dwelling_id": str(h["dwelling_id"]),
            "block_id": str(dw["block_id"]),
            "address": address(dw),
            "group": GROUP_OF_TENURE[str(dw["tenure"])],
        }
        changed = [f for f, v in fresh.items() if getattr(inv, f) != v]
        if inv.left_at is not None:
            inv.left_at = None
            changed.append("left_at")
            counts["back"] += 1
        if changed:
            for f, v in fresh.items():
                setattr(inv, f, v)
            inv.save(update_fields=changed)
    counts["new"] = create_invitations(project, nbh)
    record(
        actor,
        "change",
        project,
        project.pk,
        {"neighbourhood": [before, after]},
        "wijkbestand vervangen: {new} nieuwe huishoudens, {gone} codes ingetrokken, {back} terug".format(
            **counts
        ),
    )
    return counts


@transaction.atomic
def issue_codes(invitations: list[Invitation]) -> list[tuple[Invitation, str]]:
    """New codes for these invitations (earlier codes stop working). The codes are returned once,
    for the letters; the database keeps only their keyed hash."""
    now = timezone.now()
    out = []
    for inv in invitations:
        code = new_code()
        inv.code_digest = code_digest(code)
        inv.code_issued_at = now
        out.append((inv, code))
    Invitation.objects.bulk_update(invitations, ["code_digest", "code_issued_at"])
    return out
