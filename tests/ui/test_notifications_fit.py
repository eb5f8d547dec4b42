"""Notifications stay small and out of the way: a toast is at most three rows (a title and
two lines), and while a dialog is open the newest one alone is shown, above the dialog."""

from __future__ import annotations

import pytest
from support.apps import demo_app
from support.pilot import open_modal, settle
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Region
from textual.widgets._toast import Toast

from paperreader.ui.app import PaperReaderApp

LONG = "\n".join(["A notification that goes on and on about what happened"] * 5)


def toasts(app: PaperReaderApp) -> list[Region]:
    return [toast.region for toast in app.screen.query(Toast) if toast.region.area]


@pytest.mark.parametrize("size", [(40, 15), (120, 35)])
@pytest.mark.parametrize("key", ["L", "Y", "question_mark"])
async def test_a_long_notification_never_covers_the_dialog_in_use(size, key):
    app = demo_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(app, pilot)
        app.notify(LONG, title="Not copied", severity="warning")
        await settle(app, pilot)
        [shown] = toasts(app)
        assert shown.height <= 3  # on the main screen too

        await open_modal(app, pilot, key)
        await settle(app, pilot)
        app.notify("A second one", markup=False)
        app.notify(LONG, title="Copy", severity="warning", markup=False)
        await settle(app, pilot)
        [shown] = toasts(app)  # the newest alone
        assert shown.height <= 3
        box = app.screen.query_one("Vertical, VerticalScroll")
        assert isinstance(box, Vertical | VerticalScroll)
        assert not shown.overlaps(box.region), f"{shown} over {box.region}"
