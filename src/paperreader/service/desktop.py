"""What the session does on the user's machine: open a link, copy text, write a file, save
the theme. Each blocking call runs in a worker thread; each follows the user's settings."""

from __future__ import annotations

import asyncio
from pathlib import Path

from paperreader.domain.errors import StorageError
from paperreader.platform.files import reason
from paperreader.service.context import SessionContext


class Desktop:
    """The browser, the clipboard, files and the config file, as the settings say."""

    def __init__(self, context: SessionContext) -> None:
        self._context = context

    async def open_url(self, url: str) -> None:
        """Open a web link in the browser (http(s) only); raises when none can be started."""
        from paperreader.platform.opener import open_url

        await asyncio.to_thread(open_url, url, self._context.settings.browser)

    async def copy_text(self, text: str) -> bool:
        """Put text on the system clipboard; False when there is none (SSH, bare consoles).

        With `clipboard = "osc52"` in the config the system clipboard is left alone.
        """
        from paperreader.platform.clipboard import copy_to_system_clipboard

        if self._context.settings.clipboard == "osc52":
            return False
        return await asyncio.to_thread(copy_to_system_clipboard, text)

    async def write_file(self, path: str, text: str) -> str:
        """Write an export to a new file, making the folders it names that do not exist yet;
        never replaces an existing file. Returns the path."""
        target = Path(path).expanduser()

        def write() -> None:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                why = reason(error)
                raise StorageError(f"Cannot make the folder {target.parent}: {why}.") from None
            try:
                with open(target, "x", encoding="utf-8", newline="") as handle:
                    handle.write(text)
            except FileExistsError:
                raise StorageError(f"{target} already exists; choose another name.") from None
            except OSError as error:
                raise StorageError(f"Cannot write {target}: {reason(error)}.") from None

        await asyncio.to_thread(write)
        return str(target)

    async def save_theme(self, name: str) -> None:
        """Remember the theme in the user's config file (only its `theme` line changes); the
        demo keeps it for the session alone, as it keeps everything else."""
        if not self._context.demo:
            from paperreader.config.theme_saving import save_theme

            await asyncio.to_thread(save_theme, name)
        self._context.settings = self._context.settings._replace(theme=name)

    async def save_compact(self, compact: bool) -> None:
        """Remember whether the list is compact in the user's config file (only its
        `compact` line changes); the demo keeps it for the session alone."""
        if not self._context.demo:
            from paperreader.config.theme_saving import save_setting

            await asyncio.to_thread(save_setting, "compact", compact)
        self._context.settings = self._context.settings._replace(compact=compact)
