"""Editing keys that act where they were typed, even when keys arrive in a burst."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a plain mixin: a Widget base here would upset Textual's class setup


class OrderedKeys(_Base):
    """Runs the widget's own bound keys (backspace, arrows, ctrl+w, ...) as they arrive.

    Textual runs a bound key only once its event has gone up to the app, and by then a text
    box may have taken the keys after it: in a burst (fast typing over SSH arrives as one),
    "mo", backspace, "abcd" gave "moabc" (Textual issue #6605). Mix in before the widget.
    """

    async def _on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.prevent_default()
                event.stop()
                if (restart_blink := getattr(self, "_restart_blink", None)) is not None:
                    restart_blink()  # as the box does for any key: the cursor shows at once
                return
        await super()._on_key(event)
