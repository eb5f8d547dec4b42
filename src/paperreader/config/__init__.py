"""The user's configuration: the settings model (`settings`), reading the TOML file with
line-numbered messages for anything wrong and the default used instead (`loading`), the
commented template `config init` writes (`template`), saving the palette's theme choice
(`theme_saving`), and the key map, the one table of every key binding and how remaps apply
to it."""
