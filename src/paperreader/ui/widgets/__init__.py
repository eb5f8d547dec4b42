"""Widgets of the main screen. None of them does network, disk or clipboard I/O."""
