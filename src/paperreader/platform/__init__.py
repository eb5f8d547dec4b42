"""The machine: where files live (platform directories and the environment's overrides), how a
file is written so that a crash never leaves it half written, how a damaged file is moved aside,
and how a browser or the clipboard is reached. The only layer that knows about the OS."""
