"""Documents rendered from the model: the data-schema reference (the council report follows)."""
