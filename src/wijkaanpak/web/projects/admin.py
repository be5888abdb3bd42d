from django.contrib import admin

from wijkaanpak.web.projects.models import Project, SavedPlan

admin.site.register(Project)
admin.site.register(SavedPlan)
