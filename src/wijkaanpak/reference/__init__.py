"""The fictional reference neighbourhood "Voorbeeldwijk" (deterministic generator)."""
