"""The one rule for a hub endpoint, and how safely a token travels to it.

An endpoint is a base URL: http or https, a host, maybe a port and a path, nothing else. A
user name or password in it would be printed in errors, kept in cache keys and shown in
links, so it is refused, and the message never repeats what was given (it may be secret).
"""

from __future__ import annotations

import enum
import re
from urllib.parse import urlsplit

from paperreader.domain.errors import UsageError

_USERINFO = re.compile(r"(?:(?<=://)|^)[^/?#@\s]*@(?=\S)")
"""What comes before the host in a URL, with or without a scheme."""


class Transport(enum.Enum):
    """How requests reach an endpoint, as far as a token is concerned."""

    HTTPS = "https"
    """Encrypted: a token is safe in transit."""
    LOOPBACK = "loopback"
    """Plain http, but to this machine: nothing leaves it."""
    PLAIN = "plain http"
    """Plain http to another machine: anyone on the way can read a token."""


def checked_endpoint(text: str, source: str) -> str:
    """`text` as a base URL without its trailing slash; UsageError naming `source` (the flag
    or variable it came from) when it is no http(s) URL with a host, or holds credentials."""
    text = text.strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # such as an unclosed [ of an IPv6 address
        parts = None
    if has_credentials(text):
        raise UsageError(
            f"{source} must not hold a user name or password; "
            "put a token in HF_TOKEN or its file instead."
        )
    if any(ch.isspace() or ord(ch) < 32 or 127 <= ord(ch) <= 159 for ch in text):
        raise UsageError(f"{source} must not hold spaces or control characters.")
    if parts is None or parts.scheme.lower() not in ("http", "https"):
        raise UsageError(
            f"{source} must be an http:// or https:// URL, such as https://huggingface.co."
        )
    if not parts.hostname:
        raise UsageError(f"{source} has no host name.")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise UsageError(f"{source} has a port that is not a number from 1 to 65535.")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise UsageError(f"{source} must not hold a query or a fragment (?…, #…).")
    return text.rstrip("/")


def has_credentials(text: str) -> bool:
    """True when `text` holds a user name or password (`scheme://user:pass@host`, `user@host`)."""
    try:
        netloc = urlsplit(text.strip()).netloc
    except ValueError:  # such as an unclosed [ of an IPv6 address
        netloc = text.partition("://")[2].partition("/")[0]
    return "@" in netloc or ("://" not in text and "@" in text)


def transport_of(endpoint: str) -> Transport:
    """Whether a token sent to `endpoint` (a checked one) is encrypted, local, or exposed."""
    parts = urlsplit(endpoint)
    if parts.scheme.lower() == "https":
        return Transport.HTTPS
    return Transport.LOOPBACK if is_loopback_host(parts.hostname or "") else Transport.PLAIN


def is_loopback_host(host: str) -> bool:
    """True for `localhost` and loopback addresses (127.0.0.0/8, ::1): this machine."""
    host = host.rstrip(".").lower()
    if host == "localhost":
        return True
    import ipaddress  # here: most commands never ask whether a hub is this machine

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def hide_credentials(text: str) -> str:
    """`text` with the user name and password of any URL in it replaced by "…"."""
    return _USERINFO.sub("…@", text)
