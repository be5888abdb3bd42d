from django.urls import path

from wijkaanpak.web.projects import views

urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("projecten/nieuw/", views.project_new, name="project-new"),
    path("projecten/<int:pk>/", views.project_detail, name="project-detail"),
    path("projecten/<int:pk>/plannen/nieuw/", views.plan_new, name="plan-new"),
    path("projecten/<int:pk>/leden/", views.project_members, name="project-members"),
    path(
        "projecten/<int:pk>/wijkbestand/", views.project_neighbourhood, name="project-neighbourhood"
    ),
    path("projecten/<int:pk>/kaart/", views.project_map, name="project-map"),
    path("projecten/<int:pk>/aannames/", views.project_assumptions, name="project-assumptions"),
    path("projecten/<int:pk>/rapport.<str:fmt>", views.project_report, name="project-report"),
    path("projecten/<int:pk>/voorstel/", views.project_optimise, name="project-optimise"),
    path(
        "projecten/<int:pk>/voorstel/opslaan/",
        views.project_optimise_save,
        name="project-optimise-save",
    ),
    path("projecten/<int:pk>/risico/", views.project_risk, name="project-risk"),
    path("projecten/<int:pk>/risico/<int:run>/", views.project_risk_run, name="project-risk-run"),
]
