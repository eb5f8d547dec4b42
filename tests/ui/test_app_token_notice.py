"""The app says once, as it starts, that the token would go over plain http."""

from __future__ import annotations

import socket
from typing import Any

from support.pilot import SIZE, notes_of, settle

from paperreader.service.options import AppOptions
from paperreader.ui import launch
from paperreader.ui.app import PaperReaderApp

TOKEN = "hf_SeCrEtToKeN0123456789"


async def test_the_app_warns_of_a_token_over_plain_http(monkeypatch):
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if str(host).endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    built: list[PaperReaderApp] = []
    monkeypatch.setattr(PaperReaderApp, "run", lambda app: built.append(app))
    endpoint = "http://paperreader-test.invalid"
    launch.run_app(AppOptions(query=None, demo=False, offline=False, endpoint=endpoint))
    (app,) = built
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        warnings = notes_of(app, "warning")
        said = [note for note in warnings if "goes unencrypted" in note]
        assert said == [
            "The Hugging Face token (from HF_TOKEN) goes unencrypted to "
            "paperreader-test.invalid over plain http; use an https:// endpoint."
        ]
        assert not [note for note in warnings if TOKEN in note]
    await app.session.aclose()
