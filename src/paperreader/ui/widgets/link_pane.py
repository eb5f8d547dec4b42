"""A text pane whose links open with a click: the detail pane, the comments.

A link is drawn with its whole URL in its style's meta (`link_line.link_style`); a click on
it asks the app to open it (`OpenLink`), which goes through the session's opener: only web
links are opened, and nothing in the text is a terminal hyperlink or a Textual action.
"""

from __future__ import annotations

from textual import events

from paperreader.domain.links import is_web_url
from paperreader.ui.messages import OpenLink
from paperreader.ui.widgets.link_line import URL_META
from paperreader.ui.widgets.rich_pane import RichPane


class LinkPane(RichPane):
    """A `RichPane` that opens the web link clicked on."""

    def on_click(self, event: events.Click) -> None:
        """A click on a link opens it: the whole URL, though the line may show it cut."""
        url = (self.get_style_at(event.x, event.y).meta or {}).get(URL_META)
        if isinstance(url, str) and is_web_url(url):
            event.stop()
            self.post_message(OpenLink(url))
