"""Forms that validate uploads, assumptions and plans with the same code as the CLI."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from django import forms
from pydantic import ValidationError

from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.model.issues import InputError
from wijkaanpak.model.plan import Plan
from wijkaanpak.web.projects.models import Project
from wijkaanpak.web.projects.services import assumptions_for


def _issues(err: InputError) -> list[str]:
    return [str(i) for i in err.issues[:20]]


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "description", "neighbourhood", "assumptions_yaml"]

    def clean_neighbourhood(self) -> Any:
        upload = self.cleaned_data.get("neighbourhood")
        if upload and hasattr(upload, "read"):
            if not upload.name.lower().endswith(".gpkg"):
                raise forms.ValidationError(
                    "Upload een GeoPackage (.gpkg) met de lagen blocks en dwellings."
                )
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "wijk.gpkg"
                path.write_bytes(upload.read())
                upload.seek(0)
                try:
                    read_neighbourhood(path)
                except InputError as err:
                    raise forms.ValidationError(_issues(err)) from None
        return upload

    def clean_assumptions_yaml(self) -> str:
        text = str(self.cleaned_data.get("assumptions_yaml") or "")
        try:
            assumptions_for(text)
        except InputError as err:
            raise forms.ValidationError(_issues(err)) from None
        return text


class PlanForm(forms.Form):
    name = forms.CharField(label="naam", max_length=200)
    plan = forms.CharField(label="plan (YAML of JSON)", widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args: Any, block_ids: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.block_ids = block_ids

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("plan", "")
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as err:
            raise forms.ValidationError(f"Geen geldige YAML/JSON: {err}") from None
        if not isinstance(raw, dict):
            raise forms.ValidationError("Verwacht een plan met 'default' en eventueel 'blocks'.")
        raw["name"] = data.get("name", "plan")
        try:
            plan = Plan.model_validate(raw)
        except ValidationError as err:
            raise forms.ValidationError(
                [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()]
            ) from None
        unknown = sorted(set(plan.blocks) - set(self.block_ids))
        if unknown:
            raise forms.ValidationError(f"Onbekende blokken: {', '.join(unknown[:5])}")
        data["plan_json"] = json.loads(plan.model_dump_json())
        return data
