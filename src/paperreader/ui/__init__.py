"""The Textual user interface: a thin layer over the session (`paperreader.service`).

Widgets and screens draw and take keys; they ask the session for data through workers and get
messages back, and never touch the network, the disk or the clipboard themselves."""
