from django.urls import path

from wijkaanpak.web.participation.views import decisions, process, reach, resident, survey

P = "projecten/<int:pk>/participatie/"

urlpatterns = [
    path(P, process.overview, name="participation"),
    path(P + "stap/<int:step>/", process.step_detail, name="participation-step"),
    path(P + "document/<int:doc>/", process.document, name="participation-document"),
    path(P + "betrokkenheid/", process.matrix, name="participation-matrix"),
    path(P + "belanghebbenden/", process.stakeholders, name="participation-stakeholders"),
    path(P + "analyse/nieuw/", process.analysis_edit, name="participation-analysis-new"),
    path(P + "analyse/<int:item>/", process.analysis_edit, name="participation-analysis"),
    path(P + "uitnodigingen/", survey.invitations, name="participation-invitations"),
    path(P + "brieven/", survey.letters, name="participation-letters"),
    path(P + "vragenlijst/", survey.questionnaire_page, name="participation-questionnaire"),
    path(P + "enquete/", survey.results, name="participation-results"),
    path(P + "tussenrapport/", survey.interim_report, name="participation-interim"),
    path(P + "huishoudens/<int:inv>/", survey.household, name="participation-household"),
    path(P + "huishoudens/<int:inv>/gesprek/", survey.conversation_new, name="participation-talk"),
    path(P + "huishoudens/<int:inv>/enquete/", survey.paper_survey, name="participation-paper"),
    path(P + "huishoudens/<int:inv>/financieel/", survey.financial, name="participation-financial"),
    path(P + "huishoudens/<int:inv>/export/", survey.household_export, name="participation-export"),
    path(
        P + "huishoudens/<int:inv>/overzicht.pdf", survey.household_pdf, name="participation-sheet"
    ),
    path(P + "bewonersplannen/", survey.resident_plans, name="participation-resident-plans"),
    path(P + "huishoudens/<int:inv>/wissen/", survey.household_erase, name="participation-erase"),
    path(P + "bijeenkomsten/", decisions.meetings, name="participation-meetings"),
    path(
        P + "bijeenkomsten/<int:meeting>/aanwezigheid/",
        reach.attendance,
        name="participation-attendance",
    ),
    path(P + "bereik/", reach.overview, name="participation-reach"),
    path(P + "raadpleging/", decisions.consultation, name="participation-consultation"),
    path(P + "go-no-go/", decisions.go_no_go, name="participation-go"),
    path(
        P + "go-no-go/criterium/<int:item>/wissen/",
        decisions.criterion_delete,
        name="participation-criterion-delete",
    ),
    path(P + "auditlog/", decisions.audit_log, name="participation-audit"),
    path("wijk/<int:pk>/", process.public, name="participation-public"),
    path("bewoner/", resident.sign_in, name="resident-sign-in"),
    path("bewoner/mijn-gegevens/", resident.home, name="resident-home"),
    path("bewoner/enquete/", resident.save_survey, name="resident-survey"),
    path("bewoner/correctie/", resident.save_correction, name="resident-correction"),
    path("bewoner/financieel/", resident.save_financial, name="resident-financial"),
    path("bewoner/mening/", resident.save_opinion, name="resident-opinion"),
    path("bewoner/gesprek/", resident.request_conversation, name="resident-conversation"),
    path("bewoner/toestemming-intrekken/", resident.withdraw, name="resident-withdraw"),
    path("bewoner/download/", resident.download, name="resident-download"),
    path("bewoner/overzicht.pdf", resident.sheet, name="resident-sheet"),
    path("bewoner/wissen/", resident.erase, name="resident-erase"),
    path("bewoner/uitloggen/", resident.sign_out, name="resident-sign-out"),
]
