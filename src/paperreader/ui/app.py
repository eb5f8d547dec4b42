"""PaperReaderApp: the app's global concerns around the main screen.

The app holds the session and answers for what is not one screen's: the theme (and saving
the one chosen), the user's keys, config problems, opening links, the command palette and
quitting. Everything on the main view is `MainScreen`'s, the app's default screen.
"""

from __future__ import annotations

import gc
import os
import traceback
from collections.abc import Iterable, Sequence
from functools import partial

from textual import on, work
from textual.app import App, SystemCommand
from textual.filter import Monochrome, NoColor
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.worker import Worker

from paperreader.domain.errors import PaperReaderError
from paperreader.domain.models import ListingKind, ListingQuery
from paperreader.service.session import Session
from paperreader.ui import hangup
from paperreader.ui.messages import OpenLink
from paperreader.ui.screens.main import MainScreen
from paperreader.ui.workers import report_worker_error


class PaperReaderApp(App[None]):
    """The terminal reader for Hugging Face Papers."""

    CSS_PATH = "app.tcss"
    THEME_SETTLES = 1.0
    """Seconds a theme must stay chosen to be saved: stepping through the palette's themes
    saves only the one settled on."""
    TITLE = "paperreader"

    def __init__(
        self,
        session: Session,
        initial: ListingQuery | None = None,
        *,
        problems: Sequence[str] = (),
    ) -> None:
        # What exists now (modules, classes, the session) lives as long as the process: out
        # of the collector's way, a full collection (15 ms) no longer falls in the first
        # frame. Once per process: a later freeze would keep the garbage waiting then forever.
        if not gc.get_freeze_count():
            gc.freeze()
        self._current_theme: tuple[str, Theme] | None = None
        super().__init__()
        self.session = session
        """The session: every screen's way to data, given to each when it is built."""
        self._problems = list(problems)
        """Config problems to show once the app is up (the terminal hides stderr)."""
        self._theme_timer: Timer | None = None
        self.crash_report: str | None = None
        """The traceback of the bug that stopped the app, for the launcher to save."""
        self.main_screen = MainScreen(session, initial)
        """The default screen, where the app is used."""
        settings = session.settings
        if settings.keys:
            self.set_keymap(settings.keys)
        if settings.theme:
            self.theme = settings.theme

    def on_unmount(self) -> None:
        gc.enable()  # an app stopped before its first frame leaves the collector running

    def get_default_screen(self) -> MainScreen:
        return self.main_screen

    def on_load(self) -> None:
        # Start-up makes thousands of objects and frees almost none: the collector's passes
        # are put off until the first frame is drawn (4-5 ms of them otherwise precede it).
        gc.disable()

    def on_mount(self) -> None:
        self.call_after_refresh(gc.enable)
        for problem in self._problems:
            self.notify(problem, title="Config", severity="warning", timeout=20, markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        hangup.install(self, self.session.aclose)  # a closed terminal quits as q does

    # ----------------------------------------------------------------- the theme

    @property
    def current_theme(self) -> Theme:
        """The active theme, looked up once per theme name.

        Textual copies its theme table on every lookup, and styling asks for the current
        theme once per widget and pseudo-class: hundreds of copies before the first frame.
        """
        cached = self._current_theme
        if cached is None or cached[0] != self.theme:
            cached = (self.theme, super().current_theme)
            self._current_theme = cached
        return cached[1]

    def register_theme(self, theme: Theme) -> None:
        self._current_theme = None
        super().register_theme(theme)

    def unregister_theme(self, theme_name: str) -> None:
        self._current_theme = None
        super().unregister_theme(theme_name)

    def _theme_changed(self, theme: Theme) -> None:
        """Remember the theme chosen in the palette, once the choice settles."""
        if self._theme_timer is not None:
            self._theme_timer.stop()
        self._theme_timer = self.set_timer(self.THEME_SETTLES, lambda: self._save_theme(theme.name))

    @work(group="settings", exit_on_error=False, description="save theme")
    async def _save_theme(self, name: str) -> None:
        self._theme_timer = None
        # The session's settings say what the file says: saving updates them, so going back
        # to the theme this session began with is saved too, not mistaken for the one there.
        if name == self.session.settings.theme:
            return
        try:
            await self.session.desktop.save_theme(name)
        except PaperReaderError as error:
            self.notify(error.message, title="Theme not saved", severity="warning", markup=False)

    def watch_theme(self, theme_name: str) -> None:
        """Under NO_COLOR, choose Textual's colour filter again for the new theme.

        Textual chooses it once, for the theme an app starts with: greys for a theme of
        exact colours, or no colours at all for one of the terminal's own (ANSI) colours.
        The greys turn an ANSI theme such as ansi-dark black on black.
        """
        filters = getattr(self, "_filters", None)
        if not getattr(self, "no_color", False) or filters is None:
            return
        wanted = NoColor if self.native_ansi_color else Monochrome
        self._filters = [
            wanted() if isinstance(f, NoColor | Monochrome) and type(f) is not wanted else f
            for f in filters
        ]

    # ----------------------------------------------------------------- links and failures

    @on(OpenLink)
    def _open_link(self, message: OpenLink) -> None:
        self._open(message.url)

    @work(group="open", exit_on_error=False, description="open link")
    async def _open(self, url: str) -> None:
        try:
            await self.session.desktop.open_url(url)
        except PaperReaderError as error:
            self.notify(error.message, title="Not opened", severity="warning", markup=False)
        else:
            self.notify(f"Opened {url}", markup=False, timeout=3)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_error(self, event)

    def _handle_exception(self, error: Exception) -> None:
        """A bug stops the app (as in Textual), but its traceback is kept for a log file
        rather than printed over the terminal (unless PAPERREADER_DEBUG is set)."""
        if self.crash_report is None:
            self.crash_report = "".join(traceback.format_exception(error))
        super()._handle_exception(error)
        if not os.environ.get("PAPERREADER_DEBUG"):
            self._exit_renderables.clear()

    # ----------------------------------------------------------------- palette and quitting

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands, then those of the screen in front: a reader's or a
        discussion's own keys over them, else the main screen's."""
        from paperreader.ui.key_help import binding_commands
        from paperreader.ui.screens.page import PageScreen

        yield from super().get_system_commands(screen)
        if isinstance(screen, PageScreen):
            yield from binding_commands(self, screen, screen.run_action)
            return
        from paperreader.formats.export.bookmarks import SUFFIX_CHOICES

        main = self.main_screen
        yield from binding_commands(self, main, main.run_action)
        yield SystemCommand(
            "Export bookmarks",
            f"Write your bookmarks to a {SUFFIX_CHOICES} file",
            main.action_export_bookmarks,
        )
        for kind in ListingKind:
            yield SystemCommand(
                f"Show {kind.title}",
                f"Switch to the {kind.title} tab",
                partial(main.action_show_tab, kind.value),
            )

    async def action_quit(self) -> None:
        """Leave the app."""
        await self.session.aclose()
        self.exit()
