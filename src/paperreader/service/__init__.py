"""The service: what the front ends ask for. A session composes the sources, the stores and the
settings, and answers in domain terms (a listing, a paper, a bookmark), deciding between cache,
library and network, and running blocking work off the event loop."""
