"""URL routes: the app, the API (OpenAPI at /api/docs) and Django's auth and admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from wijkaanpak.web.participation.api import router as participation_api
from wijkaanpak.web.projects.api import api

api.add_router("", participation_api)

urlpatterns = [
    path("", include("wijkaanpak.web.projects.urls")),
    path("", include("wijkaanpak.web.participation.urls")),
    path("", include("wijkaanpak.web.security.urls")),
    path("api/", api.urls),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
