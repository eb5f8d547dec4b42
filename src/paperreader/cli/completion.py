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

_ZSH = """\
#compdef paperreader
# zsh completion for paperreader. Either save it as a file named _paperreader in a folder of
# $fpath (compinit finds it by the line above), or put `eval "$(paperreader completion zsh)"`
# in ~/.zshrc.
_paperreader_node() {{ case "$1" in
{nodes}
esac; }}
_paperreader_values() {{ case "$1:$2" in
{values}
esac; }}
_paperreader() {{
    local node="" spec values i
    local -a kids
    for ((i = 2; i < CURRENT; i++)); do
        spec=$(_paperreader_node "$node")
        kids=(${{=spec%%|*}})
        (( ${{kids[(Ie)$words[i]]}} )) && node="${{node:+$node }}$words[i]"
    done
    values=$(_paperreader_values "$node" "$words[CURRENT-1]")
    [[ $values == "<file>" ]] && {{ _files; return; }}
    [[ $values == "<text>" ]] && return 1
    [[ -n $values ]] && {{ compadd -- ${{=values}}; return; }}
    spec=$(_paperreader_node "$node")
    local -a offer
    if [[ $words[CURRENT] == -* ]]; then offer=(${{=spec#*|}}); else offer=(${{=spec%%|*}}); fi
    compadd -- $offer || _files  # nothing fits: a file name, as bash's `-o default`
}}
if [[ $funcstack[1] == _paperreader ]]; then  # autoloaded from $fpath: complete now
    _paperreader "$@"
else  # eval'd from ~/.zshrc: register it (compinit first, if the zshrc has not run it)
    (( $+functions[compdef] )) || {{ autoload -U compinit && compinit; }}
    compdef _paperreader paperreader
fi
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
        return (_BASH if shell == "bash" else _ZSH).format(
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
