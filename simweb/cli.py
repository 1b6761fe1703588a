"""Glue for ``fazhi simweb serve`` / ``fazhi simweb truth`` (wired by the fazhi CLI)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from simweb.server import start_simweb
from simweb.world import World


def world(generated: int | None, seed: int | None) -> World:
    """The fixed world, or *generated* random portals from *seed* (default: the first tuning seed)."""
    if generated:
        from simweb.generator import TUNING_SEEDS

        return World.generated(generated, TUNING_SEEDS[0] if seed is None else seed)
    return World() if seed is None else World(seed)


def serve(port: int, log: Path | None, generated: int | None = None, seed: int | None = None,
          sites_out: Path | None = None) -> None:
    """Run the proxy in the foreground until Ctrl-C; a generated world's sites file goes to *sites_out*."""
    from simweb.generator import TUNING_SEEDS

    seed_used = seed if seed is not None else (TUNING_SEEDS[0] if generated else 2026)
    web = start_simweb(port=port, log_path=log, seed=seed_used, generated=generated)
    if generated or sites_out:  # the sites file to crawl it with: `fazhi crawl --sites FILE --proxy …`
        out = sites_out or Path(f"simweb-generated-{generated}-seed{seed_used}.yaml")
        out.write_text(web.world.sites_yaml(), encoding="utf-8")
        kind = f"generated world: {generated} sites, seed {seed_used}" if generated else "the fixed sites"
        print(f"sites file: {out}  ({kind})", flush=True)
    print(f"simweb proxy: {web.proxy_url}  ({len(web.world.sites)} sites; Ctrl-C to stop)", flush=True)
    for site in web.world.sites:
        print(f"  {site.start_url}  {site.name}  {site.region_code}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        web.stop()


def write_truth(output: Path | None, generated: int | None = None, seed: int | None = None) -> None:
    """Write the ground truth JSON to ``output`` (stdout when None)."""
    text = json.dumps(world(generated, seed).truth(), ensure_ascii=False, indent=2)
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        Path(output).write_text(text + "\n", encoding="utf-8")
