"""The Templates screen: list, read, edit, share, archive and create Close email templates."""
