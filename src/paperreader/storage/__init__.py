"""What is kept on disk: the listing cache (fresh copies of what the hub answered), the user's
data (bookmarks, tags, notes, read marks, visits; never lost, safe against crashes and a second
instance) and the library (SQLite: every paper fetched, searchable offline)."""
