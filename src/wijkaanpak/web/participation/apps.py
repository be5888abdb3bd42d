from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "wijkaanpak.web.participation"
    label = "participation"
    verbose_name = "Participatie"

    def ready(self) -> None:
        from wijkaanpak.web.participation import signals

        signals.connect()
