from django.urls import path

from wijkaanpak.web.security import tokens, twofactor

urlpatterns = [
    path("inloggen/tweede-stap/", twofactor.verify, name="two-factor-verify"),
    path("account/tweestapsverificatie/", twofactor.setup, name="two-factor-setup"),
    path("account/api-tokens/", tokens.tokens, name="api-tokens"),
    path("account/api-tokens/<int:pk>/intrekken/", tokens.revoke, name="api-token-revoke"),
]
