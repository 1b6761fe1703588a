"""Glue for ``fazhi simweb serve`` / ``fazhi simweb truth`` (wired by the fazhi CLI)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from simweb.server import start_simweb
from simweb.world import World


def serve(port: int, log: Path | None) -> None:
    """Run the proxy in the foreground until Ctrl-C."""
    web = start_simweb(port=port, log_path=log)
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


def write_truth(output: Path | None) -> None:
    """Write the ground truth JSON to ``output`` (stdout when None)."""
    text = json.dumps(World().truth(), ensure_ascii=False, indent=2)
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        Path(output).write_text(text + "\n", encoding="utf-8")
