"""Fixtures shared by the test folders: every test runs with its own cache, data and config
dirs, and no network; the fake hub; hub clients and sessions on it.

pytest puts tests/ on sys.path when it loads this file (its default "prepend" import mode,
and tests/ is no package), which is how every test module imports `support`.
"""

from __future__ import annotations

import os
import sys

import pytest

# The tests write bytecode whatever the shell asks (PYTHONDONTWRITEBYTECODE): every test
# process, and every `paperreader` a CLI test starts, would otherwise compile the package
# and the tests afresh, 5 s of each process's start and a fifth of the default run.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

WORKERS_PER_CORE = 2
"""Test processes per core for `-n auto` (the default run)."""

IDLE_SLICE = 0.005
"""Seconds per look when Pilot waits for the app to go idle (Textual's own is 0.02)."""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Two test processes per core: a Pilot test spends much of its time waiting for its app
    (timers, workers, a subprocess, the fake hub), and a second process on each core does its
    work meanwhile (the default run on 2 cores: 3 min 20 s with one process per core)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return WORKERS_PER_CORE * (cores or 1)


@pytest.fixture(autouse=True, scope="session")
def quick_idle_checks():
    """Look for an idle app every 5 ms instead of every 20 ms.

    Pilot waits after every key until the app's process uses under 5% of a CPU over one
    slice of time; most of a Pilot test's time was those slices, spent with nothing left to
    do. The 5% rule stays: only the slice is shorter. Tests that need something timed (a
    resize, a refresh, a worker started after one) wait for it by name (`support.pilot`).
    """
    from textual import _wait

    saved = _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE
    _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE = IDLE_SLICE, IDLE_SLICE / 20
    yield
    _wait.SLEEP_GRANULARITY, _wait.SLEEP_IDLE = saved


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    """Point every paperreader location (and the Hugging Face token file) at tmp_path and drop
    hub settings from the environment."""
    dirs = {
        "PAPERREADER_CACHE_DIR": tmp_path / "cache",
        "PAPERREADER_DATA_DIR": tmp_path / "data",
        "PAPERREADER_CONFIG": tmp_path / "config" / "config.toml",
        "PAPERREADER_DOWNLOADS_DIR": tmp_path / "downloads",
    }
    for name, path in dirs.items():
        monkeypatch.setenv(name, str(path))
    hub = ("HF_ENDPOINT", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH", "HF_HUB_OFFLINE")
    for name in (*hub, "XDG_CACHE_HOME", "NO_COLOR", "TEXTUAL_THEME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))  # never the user's token file
    return dirs


# --------------------------------------------------------------------------------------------
# The local fake hub (tests/support/fakehub.py): one server per session, reset around every test.
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _fake_hub_server():
    from support.fakehub import FakeHub

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
    from support.sessions import hub_client

    clients = []

    def build(*, endpoint=None, **options):
        client = hub_client(endpoint or fake_hub.url, **options)
        clients.append(client)
        return client

    yield build
    for client in clients:
        await client.aclose()


@pytest.fixture
async def make_service(fake_hub, isolated_dirs):
    """Build `Session`s on the fake hub (or `endpoint`) with a cache in the test's cache dir.

    Options as `support.sessions.hub_session` (its clock is `fakehub.NOW` unless `now` is
    given). Sessions share one cache directory, so a second one sees what the first one
    cached. All are closed after the test.
    """
    from support.sessions import hub_session

    sessions = []

    def build(*, endpoint=None, **options):
        session = hub_session(endpoint or fake_hub.url, **options)
        sessions.append(session)
        return session

    yield build
    for session in sessions:
        await session.aclose()


@pytest.fixture(autouse=True)
def app_timing(monkeypatch):
    """Tests check the detail right after a key press; the app's timers are tested on their own."""
    from paperreader.ui.screens.controllers.detail import DetailFollower
    from paperreader.ui.screens.controllers.user_data import UserDataController
    from paperreader.ui.widgets.paper_list import PaperList

    monkeypatch.setattr(DetailFollower, "DETAIL_DELAY", 0)
    # A large filter's count waits for the keys to rest; tests of that wait set it themselves.
    monkeypatch.setattr(PaperList, "COUNT_DELAY", 0)
    # Reading by dwelling is timed; tests that want it set a short delay themselves.
    monkeypatch.setattr(UserDataController, "READ_AFTER_SECONDS", 3600)
