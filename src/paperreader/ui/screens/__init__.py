"""Modal screens: help, prompts."""
