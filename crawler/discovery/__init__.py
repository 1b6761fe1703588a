"""What to fetch next: link scoring, page views, listing patterns, the frontier and the ways in."""
