"""What the tests share, in one place: test modules import from here, never from each other.

    fakehub         the fake Hugging Face hub on loopback (also runs by hand, stdlib only)
    fake_collections  the fake hub's Collections endpoints and the web page's edits
    collection_sessions  sessions whose bookmarks sync with the fake hub's collections
    scripted_hub    a HubClient whose requests a test's function answers, in process
    sessions        sessions for tests: the demo's, over a fake source, on the fake hub
    apps            the demo app, and the app `paperreader --demo` builds from the config
    fakes           stand-ins: a listing source, the clipboard, the browser, no sockets
    gated           a demo source whose full texts and discussions wait at a gate
    pilot           pressing keys in Pilot tests and reading back what the app shows
    frames          what a rendered frame must be, checked as a terminal would show it
    cli             running `paperreader ARGS` in-process
    demo_data       facts of the bundled demo data
    files           reading back what the stores left on disk
    user_data       papers and a settable clock for the user-data store
    library_papers  papers for the paper library, and reading its search hits
    damage          bytes of one table's page in a library file overwritten, as a bad disk does
    killing         real child processes to kill -9 or start together
    topic_papers    papers of known topics, to measure "papers like this"
    watch_sessions  sessions with a library, bookmarks and watches, on a fixed morning

`tests/` is on sys.path (through the root conftest), so a test says
`from support.pilot import press`. tests/test_test_layout.py keeps these rules.
"""
