"""simweb."""
