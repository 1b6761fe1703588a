"""Chromium for the few pages only a browser can show: when to render, rendering, its traffic."""
