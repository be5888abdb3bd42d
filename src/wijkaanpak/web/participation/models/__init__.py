"""Participation models, one module per concern."""

from wijkaanpak.web.participation.models.audit import AuditEntry
from wijkaanpak.web.participation.models.decisions import Criterion, Decision, Opinion
from wijkaanpak.web.participation.models.people import (
    Attendance,
    Conversation,
    FinancialData,
    GuidanceMember,
    HouseholdCorrection,
    Invitation,
    Meeting,
    Response,
)
from wijkaanpak.web.participation.models.process import (
    Activity,
    Checkpoint,
    InvolvementGroup,
    Phase,
    Settings,
    Stakeholder,
    StakeholderAnalysis,
    StakeholderLink,
    Step,
    StepDocument,
)

__all__ = [
    "Activity",
    "Attendance",
    "AuditEntry",
    "Checkpoint",
    "Conversation",
    "Criterion",
    "Decision",
    "FinancialData",
    "GuidanceMember",
    "HouseholdCorrection",
    "Invitation",
    "InvolvementGroup",
    "Meeting",
    "Opinion",
    "Phase",
    "Response",
    "Settings",
    "Stakeholder",
    "StakeholderAnalysis",
    "StakeholderLink",
    "Step",
    "StepDocument",
]
