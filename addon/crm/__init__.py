"""Field and value rules without I/O: what may be edited, how typed values are read and shown."""
