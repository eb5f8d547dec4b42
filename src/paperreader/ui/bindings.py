"""Textual `Binding`s built from the one key table in `paperreader.config.keymap`."""

from __future__ import annotations

from textual.binding import Binding

from paperreader.config.keymap import specs


def bindings(scope: str) -> list[Binding]:
    """The bindings of one scope (app, list, detail, a screen), with their ids for remapping."""
    return [
        Binding(
            spec.key,
            spec.action,
            spec.description,
            show=spec.show,
            tooltip=spec.tooltip or "",
            id=spec.id,
        )
        for spec in specs(scope)
    ]
