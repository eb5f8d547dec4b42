"""The scrollbars of the panes that scroll over a whole page or dialog (help, the reader,
the discussion): the theme's primary colour on the pane's own background, slim as the main
screen's. The declarations of a rule, for those screens' default CSS."""

THEMED_SCROLLBARS = """
            scrollbar-size-vertical: 1;
            scrollbar-color: $primary;
            scrollbar-color-hover: $primary-lighten-1;
            scrollbar-color-active: $accent;
            scrollbar-background: $surface;
            scrollbar-background-hover: $surface;
            scrollbar-background-active: $surface;
"""
