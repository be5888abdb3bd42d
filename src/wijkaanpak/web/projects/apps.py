from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "wijkaanpak.web.projects"
    label = "projects"
    verbose_name = "Projecten"
