"""The configured browser command as an argument list: the config checks it when it is read,
the opener runs it. Its own module so that reading the config does not load the opener's
subprocess and webbrowser machinery at start-up."""

from __future__ import annotations

import shlex


def browser_argv(command: str, url: str) -> list[str]:
    """`command` split like a shell would (but run without one), with %s replaced by `url`.

    Without a %s the URL is appended. Raises ValueError for an empty or unbalanced command.
    """
    argv = shlex.split(command)
    if not argv:
        raise ValueError("the command is empty")
    if any("%s" in arg for arg in argv):
        return [arg.replace("%s", url) for arg in argv]
    return [*argv, url]
