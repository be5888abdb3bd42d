"""Forms of the participation track (NL Design System classes are set in the templates)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wijkaanpak.io.participation import questionnaire_from
from wijkaanpak.model.survey import Questionnaire
from wijkaanpak.web.participation.models import (
    Conversation,
    Criterion,
    FinancialData,
    GuidanceMember,
    HouseholdCorrection,
    Invitation,
    Meeting,
    Opinion,
    Settings,
    Stakeholder,
    StakeholderAnalysis,
    StakeholderLink,
    Step,
)
from wijkaanpak.web.participation.models.decisions import CONSULTATION_NOT_A_VOTE, SUPPORT
from wijkaanpak.web.validation import questionnaire_errors


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Uw persoonlijke code (staat in de brief)"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class SurveyForm(forms.Form):
    """The questionnaire (:mod:`wijkaanpak.model.survey`) as a form, in the user's language."""

    def __init__(self, *args: Any, questionnaire: Questionnaire, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        lang = get_language() or "nl"
        for q in questionnaire.questions:
            choices = [(k, v.get(lang)) for k, v in q.options.items()]
            field: forms.Field
            if q.kind == "multi":
                field = forms.MultipleChoiceField(
                    choices=choices, required=False, widget=forms.CheckboxSelectMultiple
                )
            elif q.kind == "single":
                field = forms.ChoiceField(choices=choices, required=False, widget=forms.RadioSelect)
            else:
                field = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)
            field.label = q.text(lang)
            self.fields[q.id] = field

    def answers(self) -> dict[str, Any]:
        return self.questionnaire.clean(self.cleaned_data)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Settings
        fields = ["survey_open", "consultation_open", "public_page", "ended_on", "retention_months"]
        widgets = {"ended_on": forms.DateInput(attrs={"type": "date"})}


class QuestionnaireForm(forms.ModelForm):
    """The project's own questionnaire; checked against the default (questions the top 5 and the
    model read must stay)."""

    class Meta:
        model = Settings
        fields = ["questionnaire_yaml"]
        widgets = {"questionnaire_yaml": forms.Textarea(attrs={"rows": 30, "class": "code"})}

    def clean_questionnaire_yaml(self) -> str:
        text: str = self.cleaned_data["questionnaire_yaml"]
        try:
            questionnaire_from(text)
        except ValueError as err:  # every error, in the interface's language
            raise forms.ValidationError(questionnaire_errors(text, err)) from None
        return text


class StepForm(forms.ModelForm):
    class Meta:
        model = Step
        fields = ["status", "start", "end", "owner", "notes"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Het einde ligt vóór de start."))
        return data


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    file = forms.FileField(label=_("Bestand"))


class AnalysisForm(forms.ModelForm):
    class Meta:
        model = StakeholderAnalysis
        fields = ["name", "problems", "positions", "interests"]


class StakeholderForm(forms.ModelForm):
    """A stakeholder of this project, optionally linked to all dwellings of some blocks."""

    blocks = forms.CharField(
        label=_("Blokken (optioneel, gescheiden door komma's)"), required=False, max_length=2000
    )
    relation = forms.ChoiceField(
        label=_("Relatie tot de woningen in die blokken"),
        choices=StakeholderLink.RELATION,
        required=False,
    )

    class Meta:
        model = Stakeholder
        fields = ["category", "role", "name", "contact", "notes"]

    def __init__(self, *args: Any, block_ids: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.block_ids = block_ids

    def clean_blocks(self) -> list[str]:
        chosen = [b.strip() for b in self.cleaned_data["blocks"].split(",") if b.strip()]
        unknown = sorted(set(chosen) - set(self.block_ids))
        if unknown:
            raise forms.ValidationError(_("Onbekende blokken: %(b)s") % {"b": ", ".join(unknown)})
        return chosen


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = HouseholdCorrection
        fields = ["adults", "children", "age_1", "age_2"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for f in ("age_1", "age_2"):
            if data.get(f) is not None and not 16 <= data[f] <= 120:
                self.add_error(f, _("Een leeftijd tussen 16 en 120."))
        if data.get("adults") is not None and not 1 <= data["adults"] <= 10:
            self.add_error("adults", _("Tussen 1 en 10 volwassenen."))
        return data


class ConversationForm(forms.ModelForm):
    class Meta:
        model = Conversation
        fields = ["held_on", "summary"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}


class FinancialForm(forms.ModelForm):
    """Financial data from a conversation: only saved with the household's recorded consent."""

    consent = forms.BooleanField(
        label=_(
            "Het huishouden geeft toestemming deze financiële gegevens vast te leggen en te "
            "gebruiken voor de berekening van de betaalbaarheid"
        ),
        required=True,
    )

    class Meta:
        model = FinancialData
        fields = ["consent", "consent_how", *FinancialData.FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for f in FinancialData.FIELDS:
            if data.get(f) is not None and data[f] < 0:
                self.add_error(f, _("Niet negatief."))
        if data.get("mortgage_rate") is not None and data["mortgage_rate"] > 20:
            self.add_error("mortgage_rate", _("Een rente in procent per jaar, tussen 0 en 20."))
        return data


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "held_on", "title", "attendance", "minutes"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}


class GuidanceMemberForm(forms.ModelForm):
    class Meta:
        model = GuidanceMember
        fields = ["name", "represents", "since"]
        widgets = {"since": forms.DateInput(attrs={"type": "date"})}


class OpinionForm(forms.ModelForm):
    class Meta:
        model = Opinion
        fields = ["stance", "reasons"]
        widgets = {"stance": forms.RadioSelect}


class GroupOpinionForm(forms.ModelForm):
    """An opinion recorded by the team, e.g. at a meeting, for a stakeholder group."""

    class Meta:
        model = Opinion
        fields = ["plan", "group", "stance", "reasons"]

    def __init__(self, *args: Any, plans: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"] = forms.ChoiceField(
            label=_("Scenario"), choices=[(p, p) for p in plans]
        )
        self.fields["group"] = forms.ChoiceField(
            label=_("Groep"), choices=[*Invitation.GROUP, ("overig", _("overige stakeholders"))]
        )


class CriterionForm(forms.ModelForm):
    """A go/no-go criterion. A threshold on support in the consultation is possible, but only when
    the team confirms it knows that makes the consultation a vote (the report: "geen stemming")."""

    support_confirmed = forms.BooleanField(
        label=_(
            "Alleen bij steun in de raadpleging: wij kiezen bewust voor een drempel op steun en "
            "weten dat de raadpleging daarmee als een stemming gaat werken"
        ),
        required=False,
    )

    class Meta:
        model = Criterion
        fields = ["metric", "comparator", "threshold", "source"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("metric") == SUPPORT and not data.get("support_confirmed"):
            self.add_error("support_confirmed", CONSULTATION_NOT_A_VOTE)
        return data


class DecisionForm(forms.Form):
    plan = forms.ChoiceField(label=_("Scenario"))
    to_state = forms.ChoiceField(label=_("Nieuwe status"))
    reason = forms.CharField(label=_("Motivering"), widget=forms.Textarea)

    def __init__(self, *args: Any, plans: list[str], allowed: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(p, p) for p in plans]
        self.fields["to_state"].choices = allowed
