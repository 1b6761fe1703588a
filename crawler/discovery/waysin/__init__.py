"""Ways into a site besides its home page: sitemaps, site search, 站群 links, fallbacks."""
