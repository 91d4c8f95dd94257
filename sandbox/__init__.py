"""Local stand-ins for Google and Close, so the add-on runs with no account anywhere."""
