"""Scrapy spiders; see crawler.spiders.reports."""
