"""Scrapy extensions: crawl-wide behaviour wired to signals (progress, politeness)."""
