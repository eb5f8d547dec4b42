"""Shell completion scripts (bash, zsh, fish), generated from the argument parser itself."""

from __future__ import annotations

import argparse


def _walk(parser: argparse.ArgumentParser, path: str = "") -> dict[str, tuple[list, list, dict]]:
    """Subcommand path -> (children, option strings, {option: its choices})."""
    children: list[str] = []
    options: list[str] = []
    choices: dict[str, list[str]] = {}
    nodes: dict[str, tuple[list, list, dict]] = {path: (children, options, choices)}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                children.append(name)
                nodes.update(_walk(sub, f"{path} {name}".strip()))
        elif action.option_strings:
            options += action.option_strings
            for option in action.option_strings:
                choices[option] = [str(c) for c in action.choices or ()]
                if action.nargs != 0 and not action.choices:  # free text: files, or nothing
                    choices[option] = ["<file>" if action.metavar == "FILE" else "<text>"]
        elif action.choices:  # a positional with fixed values: `cache info|clear`
            children += [str(c) for c in action.choices]
    return nodes


_BASH = """\
# bash completion for paperreader: eval "$(paperreader completion bash)"
_paperreader_node() {{ case "$1" in
{nodes}
esac; }}
_paperreader_values() {{ case "$1:$2" in
{values}
esac; }}
_paperreader() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}} node="" spec i
    for ((i = 1; i < COMP_CWORD; i++)); do
        spec=$(_paperreader_node "$node")
        [[ " ${{spec%%|*}} " == *" ${{COMP_WORDS[i]}} "* ]] &&
            node="${{node:+$node }}${{COMP_WORDS[i]}}"
    done
    local values=$(_paperreader_values "$node" "$prev")
    [[ $values == "<file>" ]] && return
    [[ $values == "<text>" ]] && {{ compopt +o default 2>/dev/null; return; }}
    [[ -n $values ]] && {{ COMPREPLY=($(compgen -W "$values" -- "$cur")); return; }}
    spec=$(_paperreader_node "$node")
    [[ $cur == -* ]] && spec=${{spec#*|}} || spec=${{spec%%|*}}
    COMPREPLY=($(compgen -W "$spec" -- "$cur"))
}}
complete -o default -F _paperreader paperreader
"""

_FISH_HEAD = """\
# fish completion for paperreader: paperreader completion fish | source
function __paperreader_children
    switch "$argv[1]"
{cases}
    end
end
function __paperreader_at
    set -l node
    set -l words (commandline -opc)
    set -e words[1]
    for word in $words
        contains -- $word (__paperreader_children "$node"); and set -a node $word
    end
    test "$node" = "$argv[1]"
end
complete -c paperreader -f
"""


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for `shell` ("bash", "zsh" or "fish")."""
    nodes = _walk(parser)
    if shell in {"bash", "zsh"}:
        script = _BASH.format(
            nodes="\n".join(
                f'    "{path}") echo "{" ".join(kids)}|{" ".join(opts)}";;'
                for path, (kids, opts, _) in nodes.items()
            ),
            values="\n".join(
                f'    "{path}:{option}") echo "{" ".join(values)}";;'
                for path, (_, _, choices) in nodes.items()
                for option, values in choices.items()
                if values
            ),
        )
        if shell == "zsh":
            script = "autoload -U +X compinit && compinit\n" + (
                "autoload -U +X bashcompinit && bashcompinit\n" + script.replace("bash", "zsh", 1)
            )
        return script
    cases = "\n".join(
        f"        case '{path}'\n            printf '%s\\n' {' '.join(kids)}"
        for path, (kids, _, _) in nodes.items()
        if kids
    )
    lines = [_FISH_HEAD.format(cases=cases)]
    for path, (kids, opts, choices) in nodes.items():
        where = f"-n '__paperreader_at \"{path}\"'"
        if kids:
            lines.append(f"complete -c paperreader {where} -a '{' '.join(kids)}'")
        for option in opts:
            flag = f"-l {option[2:]}" if option.startswith("--") else f"-s {option[1:]}"
            values = choices.get(option)
            extra = f" -xa '{' '.join(values)}'" if values else ""
            extra = {"<file>": " -rF", "<text>": " -x"}.get(" ".join(values or ()), extra)
            lines.append(f"complete -c paperreader {where} {flag}{extra}")
    return "\n".join(lines) + "\n"
