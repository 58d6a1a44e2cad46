"""SQLite progress store: the only code that writes user data."""
