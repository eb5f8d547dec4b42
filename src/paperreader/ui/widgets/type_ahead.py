"""Keys typed ahead of the filter box opening go into the box, not to the list.

Fast typing (and any typing over SSH) can arrive as one burst: "/vis" reaches the app as four
keys, and all four are handed to the list before the slash has opened the filter box, since
Textual runs a bound key only once its event has gone up to the app. The list then took
`v` (open the reader) and `i`, `s` were lost. A widget with this mixin runs the screen's
filter key at once, as it arrives, and hands any key that reaches it after the focus moved
into a text box on to that box, in the order typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.widgets import Input

from paperreader.ui.bindings import live_bindings

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a plain mixin: a Widget base here would upset Textual's class setup


class TypeAhead(_Base):
    """Runs the screen's text-box keys as they arrive; passes later keys to the box."""

    OPENS_TEXT_BOX: ClassVar[frozenset[str]] = frozenset({"filter"})
    """The screen's actions that move the focus into a text box."""

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if isinstance(focused, Input) and focused is not self:
            event.prevent_default()
            event.stop()
            focused.post_message(events.Key(event.key, event.character))
            return
        screen = self.screen
        for key, binding in live_bindings(self.app, screen):  # the user's remaps applied
            if key == event.key and binding.action in self.OPENS_TEXT_BOX:
                event.prevent_default()
                event.stop()
                await self.app.run_action(binding.action, screen)
                return
        await super()._on_key(event)
