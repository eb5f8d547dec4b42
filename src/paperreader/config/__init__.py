"""The user's configuration: the settings model, reading the TOML file with line-numbered
messages for anything wrong (and the default used instead), the commented template, and the key
map, the one table of every key binding and how remaps apply to it."""
