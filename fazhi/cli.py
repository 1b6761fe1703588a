"""The ``fazhi`` command: argument parsing, dispatch, and one-line errors.

Every failure a user can cause (bad arguments, unreadable files, an
unreachable database or site) ends as one ``fazhi: error: …`` line on stderr
and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fazhi import commands

EXIT_USAGE = 2
EXIT_FAILURE = 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage dump
        sys.stderr.write(f"fazhi: error: {message} (see 'fazhi --help')\n")
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="fazhi", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", type=Path, default=Path(os.environ.get("FAZHI_DATA_DIR", "data")),
        help="where WARCs, logs and the SQLite catalog live (env FAZHI_DATA_DIR, default ./data)",
    )
    parser.add_argument("--db", default=None, help="SQLAlchemy URL of the catalog (env FAZHI_DB_URL)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    crawl = sub.add_parser("crawl", help="crawl the sites in a sites file into WARCs and the catalog")
    crawl.add_argument("--sites", type=Path, required=True, help="sites file (YAML)")
    crawl.add_argument("--proxy", help="forward HTTP proxy URL (default: the http_proxy variable)")
    crawl.add_argument("--delay", type=float, help="seconds between requests to one host (default 1.0)")
    crawl.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                       help="override a Scrapy setting, e.g. --set CONCURRENT_REQUESTS_PER_DOMAIN=1")
    crawl.add_argument("--progress", action="store_true", help="show a live progress line")
    crawl.add_argument("--json", action="store_true", help="print the run summary as one JSON object")
    crawl.set_defaults(run=commands.crawl)

    catalog = sub.add_parser("catalog", help="browse and export the catalog")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True, parser_class=_Parser)
    export = catalog_sub.add_parser("export", help="export every report with its capture pointer")
    export.add_argument("--format", choices=("jsonl", "csv"), required=True)
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(run=commands.catalog_export)
    ls = catalog_sub.add_parser("ls", help="list reports as a table")
    ls.add_argument("--region", help="GB/T 2260 code or code prefix, e.g. 4417 or 441781")
    ls.add_argument("--year", type=int, help="year covered by the report")
    ls.add_argument("--json", action="store_true", help="print a JSON array of the rows instead of a table")
    ls.set_defaults(run=commands.catalog_ls)

    index = sub.add_parser("index", help="the CDXJ index and its catalog copy")
    index_sub = index.add_subparsers(dest="index_command", required=True, parser_class=_Parser)
    rebuild = index_sub.add_parser("rebuild", help="recreate DATA/indexes and the catalog index from WARCs")
    rebuild.set_defaults(run=commands.index_rebuild)

    replay = sub.add_parser("replay", help="print an archived response, or serve the archive with pywb")
    replay.add_argument("url", nargs="?", help="the URL whose capture to print")
    replay.add_argument("--at", help="timestamp (YYYYMMDDhhmmss or a prefix): the capture closest to it")
    replay.add_argument("--serve", action="store_true", help="serve every capture with pywb")
    replay.add_argument("--port", type=int, default=8080, help="pywb port for --serve (default 8080)")
    replay.set_defaults(run=commands.replay)

    verify = sub.add_parser("verify", help="re-read every catalogued record and recompute its digests")
    verify.add_argument("--sample", type=int, help="check only N records chosen at random")
    verify.set_defaults(run=commands.verify)

    reprocess = sub.add_parser("reprocess", help="re-extract every report from the WARCs alone and update "
                               "the catalog; prints what changed")
    reprocess.add_argument("--dry-run", action="store_true", help="report the changes, write nothing")
    reprocess.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    reprocess.set_defaults(run=commands.reprocess)

    export_cmd = sub.add_parser("export", help="package the archive")
    export_sub = export_cmd.add_subparsers(dest="export_command", required=True, parser_class=_Parser)
    wacz = export_sub.add_parser("wacz", help="a WACZ 1.1.1 package of the selected reports' WARCs")
    wacz.add_argument("--region", help="GB/T 2260 code prefix or name part")
    wacz.add_argument("--year", type=int, help="year covered by the report")
    wacz.add_argument("--output", type=Path, required=True, help="the .wacz file to write")
    wacz.set_defaults(run=commands.export_wacz)

    extract = sub.add_parser("extract", help="extract one saved page or attachment (HTML, PDF, DOCX, DOC)")
    extract.add_argument("file", type=Path)
    extract.add_argument("--url", help="the URL the page was published at (default: the file's file:// URL)")
    extract.add_argument("--json", action="store_true",
                         help="print one JSON object (default: the facts one per line, then the text)")
    extract.add_argument("--content-type", help="the HTTP Content-Type header, if known")
    extract.set_defaults(run=commands.extract)

    serve = sub.add_parser("serve", help="the web catalog: coverage grid, search, reports, replay")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; any other "
                       "address is reachable by others, and the catalog has no login)")
    serve.add_argument("--port", type=int, default=8000, help="port of the catalog (default 8000)")
    serve.add_argument("--replay-port", type=int, default=None,
                       help="port of the pywb replay started beside it (default: --port + 1; 0: no replay)")
    serve.set_defaults(run=commands.serve)

    demo = sub.add_parser("demo", help="start simweb, crawl it into the data dir, show what was found")
    demo.add_argument("--port", type=int, default=0, help="simweb proxy port (default: a free one)")
    demo.set_defaults(run=commands.demo)

    simweb = sub.add_parser("simweb", help="the offline simulated government web")
    simweb_sub = simweb.add_subparsers(dest="simweb_command", required=True, parser_class=_Parser)
    simweb_serve = simweb_sub.add_parser("serve", help="serve simweb as a forward HTTP proxy (foreground)")
    simweb_serve.add_argument("--port", type=int, default=8089)
    simweb_serve.add_argument("--log", type=Path, help="append one JSON line per request to this file")
    simweb_serve.add_argument("--sites-out", type=Path, help="where --generated writes its sites file")
    simweb_serve.set_defaults(run=commands.simweb_serve)
    truth = simweb_sub.add_parser("truth", help="write simweb's truth file (reports and hard negatives)")
    truth.add_argument("--output", type=Path)
    truth.set_defaults(run=commands.simweb_truth)
    sites = simweb_sub.add_parser("sites", help="write a sites file for every simweb site")
    sites.add_argument("--output", type=Path)
    sites.set_defaults(run=commands.simweb_sites)
    for command in (simweb_serve, truth, sites):
        command.add_argument("--generated", type=int, metavar="N",
                             help="serve N random portals (simweb.generator) instead of the fixed sites")
        command.add_argument("--seed", type=int, help="world seed (generated default: the first tuning seed)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except BrokenPipeError:  # `fazhi catalog ls | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("fazhi: interrupted\n")
        return 130
    except commands.KNOWN_ERRORS as exc:
        sys.stderr.write(f"fazhi: error: {commands.describe(exc)}\n")
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
