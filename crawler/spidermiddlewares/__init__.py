"""Spider middlewares: what happens to every response and request around the spider."""
