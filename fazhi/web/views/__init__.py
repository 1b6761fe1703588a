"""One module per page; each holds a Flask blueprint and only parses parameters and renders."""
