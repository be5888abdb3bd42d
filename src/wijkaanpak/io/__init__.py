"""Every read and write of files and external formats lives here (pvlib's ``iotools`` pattern)."""
