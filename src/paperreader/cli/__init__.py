"""The command line: the parser and one module per command group. The headless twin of the
app, for scripts and cron: human text on a terminal, JSON on request, one-line errors and exit
codes 0, 1 and 2."""
