"""The client's address: ``REMOTE_ADDR``, or — only when that is one of the configured trusted
proxies (``WIJKAANPAK_TRUSTED_PROXIES``: addresses or networks, comma-separated; default none) —
the right-most address in ``X-Forwarded-For`` that is not itself a trusted proxy.

Without the setting a forwarded header is ignored: anyone can send one, and trusting it would let
an attacker pick a fresh address for every guess. With a proxy in front and no setting every
client shares the proxy's address (and its sign-in limits): set the proxy's address.
Used by the resident code login, the API's Basic limiter and django-axes
(``AXES_CLIENT_IP_CALLABLE``)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # settings.py imports this module: keep it light
    from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: list[str] | tuple[str, ...]) -> tuple[Network, ...]:
    """``WIJKAANPAK_TRUSTED_PROXIES`` as networks; a value that is no address or network is an
    error naming it (a typo must not silently trust nobody — or everybody)."""
    out = []
    for value in values:
        try:
            out.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            msg = f"WIJKAANPAK_TRUSTED_PROXIES: {value!r} is not an IP address or network"
            raise ImproperlyConfigured(msg) from None
    return tuple(out)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address as text (``"?"`` when the server was given none)."""
    remote = request.META.get("REMOTE_ADDR", "") or "?"
    trusted = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    peer = _address(remote)
    if not trusted or peer is None or not any(peer in net for net in trusted):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return remote  # garbage in the header: trust nothing beyond our own proxy
        if not any(address in net for net in trusted):
            return str(address)
    first = _address(hops[0]) if hops else None
    return str(first) if first is not None else remote


def axes_client_ip(request: HttpRequest) -> str | None:
    """:func:`client_ip` for django-axes, which stores it in an address column: None when the
    server was given no valid address (a test client's ``force_login``), as axes' own lookup does —
    PostgreSQL refuses ``"?"`` in an ``inet`` column."""
    address = client_ip(request)
    return address if _address(address) is not None else None
