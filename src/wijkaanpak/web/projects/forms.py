"""Forms that validate uploads, assumptions and plans with the same code as the CLI."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from django import forms
from django.utils.translation import gettext_lazy as _

from wijkaanpak.io.neighbourhood import read_neighbourhood
from wijkaanpak.messages import issue_message
from wijkaanpak.model.issues import InputError
from wijkaanpak.web.projects.models import Membership, Project
from wijkaanpak.web.projects.services import assumptions_for
from wijkaanpak.web.validation import check_plan, issue_text


def _upload_issues(err: InputError, copy: Path, name: str) -> list[str]:
    """The reader's issues for the page: the uploaded file's own name in place of the server's
    temporary copy, layer, row and field kept, the message in the active language where known."""
    out = []
    for issue in err.issues[:20]:
        source = issue.source.replace(str(copy), name)
        where = ", ".join(p for p in (source, issue.row, issue.field) if p)
        out.append(f"{where}: {issue_message(issue)}")
    return out


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "description", "neighbourhood", "assumptions_yaml"]
        # the model's Dutch verbose names, translated here (a change there needs a migration)
        labels = {
            "name": _("naam"),
            "description": _("omschrijving"),
            "neighbourhood": _("wijkbestand (GeoPackage)"),
            "assumptions_yaml": _("eigen aannames (YAML)"),
        }
        help_texts = {
            "neighbourhood": _("Leeg: de fictieve Voorbeeldwijk."),
            "assumptions_yaml": _("Alleen wat afwijkt van de standaard, met bron."),
        }

    def clean_neighbourhood(self) -> Any:
        upload = self.cleaned_data.get("neighbourhood")
        if upload and hasattr(upload, "read"):
            if not upload.name.lower().endswith(".gpkg"):
                raise forms.ValidationError(
                    _("Upload een GeoPackage (.gpkg) met de lagen blocks en dwellings.")
                )
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "wijk.gpkg"
                path.write_bytes(upload.read())
                upload.seek(0)
                try:
                    read_neighbourhood(path)
                except InputError as err:  # named by the uploaded file, not the server's copy
                    raise forms.ValidationError(_upload_issues(err, path, upload.name)) from None
        return upload

    def clean_assumptions_yaml(self) -> str:
        text = str(self.cleaned_data.get("assumptions_yaml") or "")
        try:
            assumptions_for(text)
        except InputError as err:  # in the interface's language, without the temporary file
            raise forms.ValidationError([issue_text(i) for i in err.issues[:20]]) from None
        return text


class NeighbourhoodForm(ProjectForm):
    """Replace the project's neighbourhood file (validated like a new project's)."""

    class Meta:
        model = Project
        fields = ["neighbourhood"]
        labels = {"neighbourhood": _("wijkbestand (GeoPackage)")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].required = True
        self.fields["neighbourhood"].help_text = ""


class MemberForm(forms.Form):
    """Add a member to a project, or change a member's role."""

    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150)
    role = forms.ChoiceField(label=_("Rol in dit project"), choices=Membership.ROLE)

    def clean_username(self) -> Any:
        from django.contrib.auth import get_user_model

        name = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Geen actief account met deze gebruikersnaam; een beheerder maakt accounts aan.")
            )
        return user


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Naam van het plan"), max_length=200)
    plan = forms.CharField(
        label=_("Plan (YAML of JSON)"),
        help_text=_(
            "Per blok een ingreep (none, repair of renew) en eventueel verdichting; "
            "blokken die niet genoemd zijn volgen 'default'."
        ),
        widget=forms.Textarea(attrs={"rows": 12}),
    )

    def __init__(self, *args: Any, block_ids: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.block_ids = block_ids

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("plan", "")
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as err:
            raise forms.ValidationError(_("Geen geldige YAML/JSON: %(e)s") % {"e": err}) from None
        if not isinstance(raw, dict):
            raise forms.ValidationError(_("Verwacht een plan met 'default' en eventueel 'blocks'."))
        raw["name"] = data.get("name", "plan")
        plan, errors = check_plan(raw, self.block_ids)
        if plan is None:  # every error at once, each with its place in the plan
            raise forms.ValidationError([str(e) for e in errors])
        data["plan_json"] = json.loads(plan.model_dump_json())
        return data


class OptimiseForm(forms.Form):
    """The constraints of "Stel plannen voor" (issue #15 §4); empty fields leave one out."""

    objective = forms.ChoiceField(
        label=_("Doel"),
        choices=[
            ("mkba", _("MKBA-saldo (maatschappelijk)")),
            ("exploitation", _("Exploitatieresultaat (GREX)")),
            ("weighted", _("Gewogen: MKBA-saldo en exploitatieresultaat samen")),
        ],
        initial="mkba",
    )
    mkba_weight_pct = forms.FloatField(
        label=_(
            "Bij een gewogen doel: gewicht van het MKBA-saldo (%, de rest telt het exploitatieresultaat)"
        ),
        required=False,
        min_value=0,
        max_value=100,
        initial=50,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    max_deficit = forms.FloatField(
        label=_("Hoogste tekort gemeente (euro, netto contante waarde)"),
        required=False,
        min_value=0,
        max_value=1e12,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    min_return_pct = forms.FloatField(
        label=_("Minimaal aandeel eigenaar-bewoners dat met gesloten beurs terug kan (%)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    max_displaced_tenants = forms.IntegerField(
        label=_("Hoogstens zoveel huurders te herhuisvesten"),
        required=False,
        min_value=0,
        max_value=1_000_000,
    )
    min_net_new_homes = forms.IntegerField(
        label=_("Minimaal zoveel woningen erbij (nieuw − gesloopt)"),
        required=False,
        min_value=-1_000_000,
        max_value=1_000_000,
    )
    contiguity = forms.BooleanField(
        label=_("Elk vernieuwd blok grenst aan een ander vernieuwd blok"), required=False
    )
    start_years = forms.CharField(
        label=_("Startjaren om uit te kiezen (optioneel)"),
        help_text=_(
            "Bv. 2028, 2031, 2034: herstel en vernieuwing kunnen dan ook in die jaren beginnen, "
            "naast de geplande fasering. Elk jaar maakt het rekenen langer (drie jaren ≈ 4×)."
        ),
        required=False,
        max_length=200,
    )
    fixed = forms.CharField(
        label=_("Vaste blokken (optioneel)"),
        help_text=_(
            "Eén per regel, bv. B1A01=repair; opties: none, repair, renew, renew@1.50; met "
            "startjaren ook repair/2031."
        ),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    polish_s = forms.IntegerField(
        label=_("Verfijnen met de exacte rekenkern (seconden, 0 of leeg: niet)"),
        help_text=_(
            "Probeert daarna per blok een andere keuze en houdt wat in de exacte doorrekening "
            "beter is. Hoogstens 20 seconden."
        ),
        required=False,
        min_value=0,
        max_value=20,  # optimiser.MAX_POLISH_S
    )
    second = forms.ChoiceField(
        label=_("Pareto-front: tweede doel"),
        choices=[
            ("deficit", _("tekort gemeente (lager is beter)")),
            ("returners", _("huishoudens die met gesloten beurs terug kunnen (meer is beter)")),
        ],
        initial="deficit",
        required=False,  # only for a front; empty: the deficit
    )
    points = forms.IntegerField(
        label=_("Pareto-front: aantal plannen"),
        help_text=_("Hoogstens 9, zodat de front binnen enkele seconden klaar is."),
        required=False,
        min_value=2,
        max_value=9,  # optimiser.MAX_POINTS
        initial=5,
    )

    def __init__(self, *args: Any, check_fixed: Any, check_years: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check_fixed = check_fixed  # raises InputError naming bad BLOCK=OPTION specs
        self.check_years = check_years  # raises InputError naming years outside the period

    def clean_start_years(self) -> tuple[int, ...]:
        from wijkaanpak.web.projects.optimiser import MAX_START_YEARS

        text = str(self.cleaned_data.get("start_years") or "")
        parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
        if not all(re.fullmatch(r"[0-9]{4}", p.strip()) for p in parts):  # "²" is a digit too
            raise forms.ValidationError(_("Geef jaren gescheiden door komma's, bv. 2028, 2031."))
        years = tuple(sorted({int(p) for p in parts}))
        if len(years) > MAX_START_YEARS:  # each year adds an exact evaluation per block and option
            raise forms.ValidationError(
                _("Hoogstens %(n)s startjaren, zodat het voorstel binnen de minuut klaar is.")
                % {"n": MAX_START_YEARS}
            )
        try:
            self.check_years(years)
        except InputError as err:
            raise forms.ValidationError([issue_message(i) for i in err.issues[:20]]) from None
        return years

    def clean_fixed(self) -> list[str]:
        from wijkaanpak.web.projects.optimiser import parse_fixed_text

        specs = parse_fixed_text(str(self.cleaned_data.get("fixed") or ""))
        years = self.cleaned_data.get("start_years") or ()  # cleaned before (declared before)
        try:
            self.check_fixed(specs, years)
        except InputError as err:
            raise forms.ValidationError([issue_message(i) for i in err.issues[:20]]) from None
        return specs
