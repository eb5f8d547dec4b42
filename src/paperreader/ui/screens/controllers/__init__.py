"""The main screen's controllers: each runs one concern (the user's data, more of a paper,
copying, where the tabs stand) and never imports the screen; it gets what it needs when it
is built."""
