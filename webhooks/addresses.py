"""Where webhooks may go: http(s) URLs whose host resolves to public addresses only.

    validate_webhook_url("https://partner.example/hooks")   # ValidationError if refused
    target = resolve("https://partner.example/hooks")       # host, port, addresses
    target.addresses                                        # ["203.0.113.7"], checked

A subscription's URL is checked when staff save it and again before every attempt
(DNS can change), and the request connects to the address that was checked, so a
host cannot pass the check and then resolve somewhere else. Private, loopback,
link-local, multicast and reserved addresses are refused unless
``MERIDIAN_WEBHOOKS["ALLOW_PRIVATE_ADDRESSES"]`` is true.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from .conf import webhook_settings

SCHEMES = {"http": 80, "https": 443}


class RefusedURL(ValueError):
    """This URL may not receive webhooks; the message says why, for staff."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with the query
    addresses: tuple


def parse(url):
    """``(scheme, host, port, path)`` of an http(s) URL, or RefusedURL."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise RefusedURL("only http and https URLs can receive webhooks")
    if not parts.hostname:
        raise RefusedURL("the URL has no host")
    if parts.username or parts.password:
        raise RefusedURL(
            "put no credentials in the URL: receivers check the signature instead"
        )
    try:
        port = parts.port or SCHEMES[scheme]
    except ValueError:
        raise RefusedURL("the URL's port is not a number from 1 to 65535") from None
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return scheme, parts.hostname, port, path


def kind_of(address):
    """Why ``address`` is not public ("loopback", "private"…), or None if it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for kind in ("unspecified", "loopback", "link_local", "multicast", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if ip.is_private or not ip.is_global:
        return "private"
    return None


def addresses_of(host, port):
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise RefusedURL(f"{host} does not resolve to an address") from None
    # Keep the resolver's order (it prefers what works), once each.
    return tuple(dict.fromkeys(info[4][0] for info in found))


def resolve(url, allow_private=None):
    """The URL's :class:`Target`, with every address checked; or RefusedURL."""
    if allow_private is None:
        allow_private = webhook_settings().allow_private_addresses
    scheme, host, port, path = parse(url)
    addresses = addresses_of(host, port)
    if not allow_private:
        for address in addresses:
            kind = kind_of(address)
            if kind:
                raise RefusedURL(
                    f"{host} resolves to {address}, a {kind} address: webhooks go "
                    "to public addresses only"
                )
    return Target(scheme, host, port, path, addresses)


def validate_webhook_url(url):
    """Model validator: the URL could receive a webhook now."""
    allow_private = webhook_settings().allow_private_addresses
    try:
        if allow_private:
            parse(url)  # any host will do; it is resolved when sending
        else:
            resolve(url, allow_private=False)
    except RefusedURL as refused:
        raise ValidationError(str(refused), code="refused") from None
