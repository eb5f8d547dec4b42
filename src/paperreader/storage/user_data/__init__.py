"""The user's own data: bookmarks (a paper snapshot, tags, a note), read marks, and which papers
each listing showed at the last visit.

This is the one place in the program that must never lose anything, hence strict rules:
plain JSON files in the data dir that a person can read, diff and fix by hand
(`bookmarks.json` and `state.json`); every write atomic; every change made under a lock
between processes, on the file as it is on disk; a file that cannot be read is moved aside,
never overwritten. No Textual, no httpx, no cache: the data dir is not the cache dir and may
never be deleted.

Modules, top to bottom: `store` (`UserDataStore`, what callers use), `edits` (changes that
say what the user saw, worked out against the file as it is on disk), `locked_files`
(changing the files under the lock, moving a damaged one aside), `store_file` (one file as
last read), `documents` (the two files' format, and salvaging a damaged one).
"""

from paperreader.storage.user_data.edits import Edited, ImportCounts, Outcome
from paperreader.storage.user_data.locked_files import LOCK_FILE
from paperreader.storage.user_data.store import BOOKMARKS_FILE, STATE_FILE, UserDataStore

__all__ = [
    "BOOKMARKS_FILE",
    "LOCK_FILE",
    "STATE_FILE",
    "Edited",
    "ImportCounts",
    "Outcome",
    "UserDataStore",
]
