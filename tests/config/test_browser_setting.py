"""The `browser` setting: a command split without a shell, started with the URL."""

from __future__ import annotations

import sys
import time

import pytest

from paperreader.domain.errors import UsageError
from paperreader.platform.browser_command import browser_argv
from paperreader.platform.opener import NoBrowserError, open_url

# ------------------------------------------------------------------------------- browser


def test_browser_command_is_split_without_a_shell():
    url = "https://huggingface.co/papers/2603.01234?a=1&b=2"
    assert browser_argv("w3m %s", url) == ["w3m", url]
    assert browser_argv("firefox --new-tab", url) == ["firefox", "--new-tab", url]
    assert browser_argv("'my browser' --url=%s; rm -rf ~", url) == [
        "my browser",
        f"--url={url};",
        "rm",
        "-rf",
        "~",
    ]
    with pytest.raises(ValueError):
        browser_argv("", url)


def test_the_configured_browser_is_started_with_the_url(tmp_path):
    record = tmp_path / "opened.txt"
    script = "import sys; open(sys.argv[1], 'w').write(sys.argv[2])"
    command = f'{sys.executable} -c "{script}" {record}'
    url = "https://huggingface.co/papers/2603.01234"
    open_url(url, browser=command)
    deadline = time.monotonic() + 10
    while not (record.exists() and record.read_text()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert record.read_text() == url
    with pytest.raises(NoBrowserError, match="could not be started"):
        open_url(url, browser="/no/such/browser %s")
    with pytest.raises(UsageError):
        open_url("file:///etc/passwd", browser=command)
