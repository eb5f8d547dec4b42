"""The domain: what a paper, a listing, a bookmark and a period are, and the pure rules about
them (paper ids, tags, links, periods, cleaning untrusted text, filtering a list, the typed
errors). Plain Python with no I/O, so every layer above can use it and tests need nothing but
values."""
