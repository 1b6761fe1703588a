"""fazhi."""
