"""What the sidebar knows about Close: typed views, metadata, the one search, the records."""
