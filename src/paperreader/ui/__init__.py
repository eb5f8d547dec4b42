"""The Textual user interface: a thin layer over `paperreader.service`."""
