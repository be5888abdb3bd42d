from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "wijkaanpak.web.security"
    label = "security"
    verbose_name = "Beveiliging"
    default_auto_field = "django.db.models.BigAutoField"
