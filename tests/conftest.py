"""Shared fixtures: every test runs with its own cache, data and config dirs, and no network."""

from __future__ import annotations

import json
import os

import pytest


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    """Point every paperreader location at tmp_path and drop hub settings from the environment."""
    dirs = {
        "PAPERREADER_CACHE_DIR": tmp_path / "cache",
        "PAPERREADER_DATA_DIR": tmp_path / "data",
        "PAPERREADER_CONFIG": tmp_path / "config" / "config.toml",
    }
    for name, path in dirs.items():
        monkeypatch.setenv(name, str(path))
    for name in ("HF_ENDPOINT", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "NO_COLOR", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)
    return dirs


# --------------------------------------------------------------------------------------------
# The local fake hub (tests/fakehub.py): one server per session, reset around every test.
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _fake_hub_server():
    from fakehub import FakeHub

    with FakeHub() as hub:
        yield hub


@pytest.fixture
def fake_hub(_fake_hub_server):
    """The fake Hugging Face hub on loopback, with no faults and an empty request log."""
    _fake_hub_server.reset()
    yield _fake_hub_server
    _fake_hub_server.reset()


@pytest.fixture
async def make_hub_client(fake_hub):
    """Build `HubClient`s pointed at the fake hub (or `endpoint`); closed after the test.

    Short timeout and no waiting between retries, so failure tests stay fast.
    """
    from paperreader.sources.hub import HubClient, make_client

    clients = []

    def build(*, token=None, timeout=2.0, retry_delays=(0, 0), endpoint=None):
        client = HubClient(
            make_client(endpoint or fake_hub.url, token, timeout=timeout),
            retry_delays=retry_delays,
        )
        clients.append(client)
        return client

    yield build
    for client in clients:
        await client.aclose()


@pytest.fixture
async def make_service(fake_hub, isolated_dirs):
    """Build `Session`s on the fake hub with a cache in the test's cache dir.

    The clock defaults to `fakehub.NOW` (the afternoon of the fixture's latest day) so
    'today', 'latest' and freshness are deterministic. Services share one cache directory, so
    a second service sees what the first one cached. All are closed after the test.
    """
    import fakehub

    from paperreader.platform import paths
    from paperreader.service.session import Session
    from paperreader.sources.hub import HubClient, make_client
    from paperreader.storage.cache import ListingCache

    services = []

    def build(
        *,
        token=None,
        timeout=2.0,
        retry_delays=(0, 0),
        offline=False,
        endpoint=None,
        now=fakehub.NOW,
    ):
        url = endpoint or fake_hub.url

        def source_factory():
            return HubClient(make_client(url, token, timeout=timeout), retry_delays=retry_delays)

        service = Session(
            source_factory=source_factory,
            cache=ListingCache(paths.cache_dir(), url),
            offline=offline,
            web_url=url,
            clock=lambda: now,
        )
        services.append(service)
        return service

    yield build
    for service in services:
        await service.aclose()


@pytest.fixture(autouse=True)
def app_timing(monkeypatch):
    """Tests check the detail right after a key press; the app's timers are tested on their own."""
    from paperreader.ui.screens.controllers.detail import DetailFollower
    from paperreader.ui.screens.controllers.user_data import UserDataController

    monkeypatch.setattr(DetailFollower, "DETAIL_DELAY", 0)
    # Reading by dwelling is timed; tests that want it set a short delay themselves.
    monkeypatch.setattr(UserDataController, "READ_AFTER_SECONDS", 3600)


# --------------------------------------------------------------------------------------------
# The reliability campaign: with PAPERREADER_RELIABILITY_REPORT=FILE, every test marked
# `reliability(area)` appends one JSON line (area, outcome, recorded counts) to FILE, which
# scripts/reliability.py turns into the table in docs/reliability.md.
# --------------------------------------------------------------------------------------------


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    target = os.environ.get("PAPERREADER_RELIABILITY_REPORT")
    marker = item.get_closest_marker("reliability")
    if not target or marker is None:
        return
    failed_setup = report.when == "setup" and not report.passed
    if report.when != "call" and not failed_setup:
        return
    line = {
        "test": item.nodeid,
        "area": marker.args[0] if marker.args else "other",
        "outcome": report.outcome,
        "seconds": round(report.duration, 3),
        "properties": {str(key): value for key, value in item.user_properties},
    }
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")
