"""The user's configuration: the settings model (`settings`), reading the TOML file with
line-numbered messages for anything wrong and the default used instead (`loading`), the
commented template `config init` writes (`template`), saving the palette's theme choice
(`theme_saving`), where keys sit in the file line by line (`toml_lines`), every key binding
declared once (`key_table`) and the key map over it: key strings, remaps and hints that name
keys (`keymap`)."""
