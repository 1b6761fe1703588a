"""Random government portals from a seed: the held-out exam for the crawler's discovery.

``generate(n, seed)`` plans *n* sites that look like real portals fazhi has never seen: a CMS family
(the simweb.sites styles), menus from real portal vocabulary (vocabulary.yaml), the reports' column 1–5
clicks deep, each report in its own column, a generic sub-column, the 通知公告 stream, only as a file,
only in the sitemap or only in site search, hard negatives and decoys beside them. ``World.generated``
serves them (simweb.world).
"""

from __future__ import annotations

import random

from simweb.generator.site import FAMILIES, PLACEMENTS, SEARCH_TEMPLATES, GeneratedSite, generate_site

# The crawler may be tuned on the worlds of these seeds only; every other seed is held out.
TUNING_SEEDS = (1, 2, 3)

__all__ = ["FAMILIES", "PLACEMENTS", "SEARCH_TEMPLATES", "TUNING_SEEDS", "GeneratedSite", "generate"]


def generate(n: int, seed: int) -> list[GeneratedSite]:
    """*n* sites; families are dealt round-robin in a seed-shuffled order so each gets its share."""
    if n < 1:
        raise ValueError(f"a generated world needs at least one site, not {n}")
    order = list(FAMILIES)
    random.Random(f"families|{seed}").shuffle(order)
    used: set[str] = set()
    return [generate_site(i, seed, order[i % len(order)], used) for i in range(n)]
