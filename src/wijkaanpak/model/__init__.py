"""Pure model: data structures and vectorised computations. No I/O here (see ``wijkaanpak.io``)."""
