"""The session and its services: what the front ends ask for. `compose` builds a `Session`
from the sources, the stores and the settings; its services (papers, details, user data,
library, sync, desktop) answer in domain terms (a listing, a paper, a bookmark), decide between
cache, library and network, and run blocking work off the event loop."""
