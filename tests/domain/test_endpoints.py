"""The endpoint rule: an http(s) base URL with a host, and nothing secret in it."""

from __future__ import annotations

import pytest

from paperreader.domain.endpoints import (
    Transport,
    checked_endpoint,
    hide_credentials,
    transport_of,
)
from paperreader.domain.errors import UsageError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://huggingface.co", "https://huggingface.co"),
        ("https://huggingface.co/", "https://huggingface.co"),
        ("  http://127.0.0.1:8765/ ", "http://127.0.0.1:8765"),
        ("HTTPS://Mirror.Example/hub/", "HTTPS://Mirror.Example/hub"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ],
)
def test_a_good_endpoint_is_kept_without_its_trailing_slash(text, expected):
    assert checked_endpoint(text, "--endpoint") == expected


@pytest.mark.parametrize(
    "text",
    [
        "http://user:secret@mirror.example",
        "https://secret@mirror.example/",
        "https://:secret@mirror.example",
        "ftp://user:secret@mirror.example",
        "user:secret@mirror.example",
    ],
)
def test_credentials_are_refused_without_echoing_them(text):
    with pytest.raises(UsageError) as caught:
        checked_endpoint(text, "HF_ENDPOINT")
    message = caught.value.message
    assert message.startswith("HF_ENDPOINT ")
    assert "secret" not in message and "user" not in message.replace("user name", "")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("ftp://x", "must be an http:// or https:// URL"),
        ("file:///etc/passwd", "must be an http:// or https:// URL"),
        ("mirror.example", "must be an http:// or https:// URL"),
        ("", "must be an http:// or https:// URL"),
        ("http://", "has no host name"),
        ("https:///papers", "has no host name"),
        ("http://host:99999", "has a port that is not a number from 1 to 65535"),
        ("http://host:port", "has a port that is not a number from 1 to 65535"),
        ("http://host/?token=abc", "must not hold a query or a fragment"),
        ("http://host/#frag", "must not hold a query or a fragment"),
        ("http://ho st", "must not hold spaces or control characters"),
        ("http://host/\x1b[2J", "must not hold spaces or control characters"),
    ],
)
def test_other_bad_endpoints_are_one_usage_line(text, says):
    with pytest.raises(UsageError) as caught:
        checked_endpoint(text, "--endpoint")
    assert caught.value.message.startswith(f"--endpoint {says}")
    assert "token=abc" not in caught.value.message and "\x1b" not in caught.value.message


@pytest.mark.parametrize(
    ("endpoint", "transport"),
    [
        ("https://huggingface.co", Transport.HTTPS),
        ("http://127.0.0.1:8765", Transport.LOOPBACK),
        ("http://127.8.9.10", Transport.LOOPBACK),
        ("http://localhost:8000", Transport.LOOPBACK),
        ("http://LOCALHOST.", Transport.LOOPBACK),
        ("http://[::1]:8000", Transport.LOOPBACK),
        ("http://mirror.example", Transport.PLAIN),
        ("http://10.0.0.2", Transport.PLAIN),
        ("http://localhost.evil.example", Transport.PLAIN),
        ("http://127.0.0.1.evil.example", Transport.PLAIN),
    ],
)
def test_transport_says_whether_a_token_travels_safely(endpoint, transport):
    assert transport_of(endpoint) is transport


def test_hide_credentials_in_any_url_text():
    assert hide_credentials("http://user:secret@host/x") == "http://…@host/x"
    assert hide_credentials("https://huggingface.co") == "https://huggingface.co"
    assert hide_credentials("bob:secret@host") == "…@host"
    assert hide_credentials("w3m %s") == "w3m %s"
