"""Downloader middlewares: what happens to every request and response on the wire."""
