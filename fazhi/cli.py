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
from typing import Any

from fazhi import commands

EXIT_USAGE = 2
EXIT_FAILURE = 1


DESCRIPTION = """\
fazhi finds Chinese governments' annual rule-of-law reports (法治政府建设年度报告) on their
websites, keeps every byte it fetched in WARC files with proof of where and when, and catalogs
the reports by region and year: browse them in a web catalog, export them, replay them."""

EPILOG = """\
start here:
  make demo                                  crawl the simulated web into ./data (no network)
  fazhi catalog ls                           the reports the catalog holds
  fazhi serve                                browse them at http://127.0.0.1:8000/
  fazhi crawl --sites config/sites.yaml      crawl real portals

'fazhi COMMAND --help' says more about each command. Inside this repository the command is
.venv/bin/fazhi (or run '. .venv/bin/activate' once)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage dump
        sys.stderr.write(f"fazhi: error: {message} (see 'fazhi --help')\n")
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="fazhi", description=DESCRIPTION, epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data-dir", type=Path, default=Path(os.environ.get("FAZHI_DATA_DIR", "data")),
        help="where WARCs, logs and the SQLite catalog live (env FAZHI_DATA_DIR, default ./data)",
    )
    parser.add_argument("--db", default=None, help="SQLAlchemy URL of the catalog (env FAZHI_DB_URL)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")

    crawl = _command(sub, "crawl", help="find the reports on the portals of a sites file: every byte "
                     "fetched goes to WARC files, every report into the catalog; prints what was found",
                     example="fazhi crawl --sites config/sites.yaml      (cron it to crawl on a schedule)")
    crawl.add_argument("--sites", type=Path, required=True, help="sites file (YAML)")
    crawl.add_argument("--proxy", help="forward HTTP proxy URL (default: the http_proxy variable)")
    crawl.add_argument("--delay", type=float, help="seconds between requests to one host (default 1.0)")
    crawl.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                       help="override a Scrapy setting, e.g. --set CONCURRENT_REQUESTS_PER_DOMAIN=1")
    crawl.add_argument("--progress", action="store_true", help="show a live progress line")
    crawl.add_argument("--json", action="store_true", help="print the run summary as one JSON object")
    crawl.set_defaults(run=commands.crawl)

    catalog = _command(sub, "catalog",
        help="list the catalogued reports, or export them for a spreadsheet or a script",
        example="fazhi catalog ls --region 4417 --year 2023")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True, parser_class=_Parser)
    export = _command(catalog_sub, "export",
        help="write every report (text, facts, where its bytes are archived) "
        "as JSON Lines or as CSV that opens in Excel",
        example="fazhi catalog export --format csv --output reports.csv")
    export.add_argument("--format", choices=("jsonl", "csv"), required=True)
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(run=commands.catalog_export)
    ls = _command(catalog_sub, "ls", help="list the reports as a table: region, year, issuer, title, URL "
                  "(exit 1 when none matches)", example="fazhi catalog ls --region 4417 --year 2023")
    ls.add_argument("--region", help="GB/T 2260 code or code prefix, e.g. 4417 or 441781")
    ls.add_argument("--year", type=int, help="year covered by the report")
    ls.add_argument("--json", action="store_true", help="print a JSON array of the rows instead of a table")
    ls.set_defaults(run=commands.catalog_ls)

    index = _command(sub, "index", help="the CDXJ index replay uses, and its copy in the catalog",
                     example="fazhi index rebuild")
    index_sub = index.add_subparsers(dest="index_command", required=True, parser_class=_Parser)
    rebuild = _command(index_sub, "rebuild",
        help="recreate DATA/indexes and the catalog's index from the WARC files "
        "alone (after copying or repairing an archive)", example="fazhi index rebuild")
    rebuild.set_defaults(run=commands.index_rebuild)

    replay = _command(sub, "replay",
        help="show a page as it was archived: print its HTTP response, or serve every "
        "capture to a browser with pywb",
        example="fazhi replay http://www.yangchun.gov.cn/   (or: fazhi replay --serve)")
    replay.add_argument("url", nargs="?", help="the URL whose capture to print")
    replay.add_argument("--at", help="timestamp (YYYYMMDDhhmmss or a prefix): the capture closest to it")
    replay.add_argument("--serve", action="store_true", help="serve every capture with pywb")
    replay.add_argument("--port", type=int, default=8080, help="pywb port for --serve (default 8080)")
    replay.set_defaults(run=commands.replay)

    verify = _command(sub, "verify",
        help="prove the archive is intact: re-read every record the catalog points to "
        "and recompute its digests (exit 1 naming each that differs)",
        example="fazhi verify --sample 100")
    verify.add_argument("--sample", type=int, help="check only N records chosen at random")
    verify.set_defaults(run=commands.verify)

    reprocess = _command(sub, "reprocess",
        help="re-extract every report from the WARCs alone (no network) with the "
        "current extractor and update the catalog; prints what changed",
        example="fazhi reprocess --dry-run")
    reprocess.add_argument("--dry-run", action="store_true", help="report the changes, write nothing")
    reprocess.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    reprocess.set_defaults(run=commands.reprocess)

    export_cmd = _command(sub, "export", help="package the archive of selected reports for others to replay",
                          example="fazhi export wacz --region 4417 --output yangjiang.wacz")
    export_sub = export_cmd.add_subparsers(dest="export_command", required=True, parser_class=_Parser)
    wacz = _command(export_sub, "wacz",
        help="write a WACZ 1.1.1 package (WARCs, index, pages) of the selected "
        "reports, which ReplayWeb.page and pywb open",
        example="fazhi export wacz --region 4417 --year 2023 --output yangjiang-2023.wacz")
    wacz.add_argument("--region", help="GB/T 2260 code prefix or name part")
    wacz.add_argument("--year", type=int, help="year covered by the report")
    wacz.add_argument("--output", type=Path, required=True, help="the .wacz file to write")
    wacz.set_defaults(run=commands.export_wacz)

    extract = _command(sub, "extract",
        help="read one saved page or attachment (HTML, PDF, DOCX, DOC): is it a "
        "report, whose, which year, and its clean text",
        example="fazhi extract saved-page.html --url http://www.yangchun.gov.cn/a.html")
    extract.add_argument("file", type=Path)
    extract.add_argument("--url", help="the URL the page was published at (default: the file's file:// URL)")
    extract.add_argument("--json", action="store_true",
                         help="print one JSON object (default: the facts one per line, then the text)")
    extract.add_argument("--content-type", help="the HTTP Content-Type header, if known")
    extract.set_defaults(run=commands.extract)

    serve = _command(sub, "serve",
        help="browse the catalog in a web browser: coverage grid, search, reports, "
        "replay of the archived pages", example="fazhi serve   (then open http://127.0.0.1:8000/)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; any other "
                       "address is reachable by others, and the catalog has no login)")
    serve.add_argument("--port", type=int, default=8000, help="port of the catalog (default 8000)")
    serve.add_argument("--replay-port", type=int, default=None,
                       help="port of the pywb replay started beside it (default: --port + 1; 0: no replay)")
    serve.set_defaults(run=commands.serve)

    demo = _command(sub, "demo",
        help="try fazhi with no network: crawl the simulated government web into the "
        "data dir and show what was found", example="fazhi demo   (what `make demo` runs)")
    demo.add_argument("--port", type=int, default=0, help="simweb proxy port (default: a free one)")
    demo.set_defaults(run=commands.demo)

    simweb = _command(sub, "simweb", help="the offline simulated government web the tests and the demo crawl",
                      example="fazhi simweb serve --sites-out simweb-sites.yaml")
    simweb_sub = simweb.add_subparsers(dest="simweb_command", required=True, parser_class=_Parser)
    simweb_serve = _command(simweb_sub, "serve", help="serve simweb as a forward HTTP proxy to crawl by hand "
                              "(foreground; Ctrl-C stops it)",
                              example="fazhi simweb serve --sites-out sites.yaml, then: "
                              "fazhi crawl --sites sites.yaml --proxy http://127.0.0.1:8089")
    simweb_serve.add_argument("--port", type=int, default=8089, help="proxy port (default 8089)")
    simweb_serve.add_argument("--log", type=Path, help="append one JSON line per request to this file")
    simweb_serve.add_argument("--sites-out", type=Path,
                              help="write the sites file of the sites it serves here")
    simweb_serve.set_defaults(run=commands.simweb_serve)
    truth = _command(simweb_sub, "truth", help="write simweb's truth file: every report and hard negative it "
                       "serves, to score a crawl against", example="fazhi simweb truth --output truth.json")
    truth.add_argument("--output", type=Path)
    truth.set_defaults(run=commands.simweb_truth)
    sites = _command(simweb_sub, "sites", help="write a sites file naming every simweb site, for fazhi crawl",
                       example="fazhi simweb sites --output simweb-sites.yaml")
    sites.add_argument("--output", type=Path)
    sites.set_defaults(run=commands.simweb_sites)
    for command in (simweb_serve, truth, sites):
        command.add_argument("--generated", type=int, metavar="N",
                             help="serve N random portals (simweb.generator) instead of the fixed sites")
        command.add_argument("--seed", type=int, help="world seed (generated default: the first tuning seed)")
    return parser


def _command(sub: Any, name: str, help: str, example: str | None = None) -> argparse.ArgumentParser:
    """A subcommand whose --help says what it does for the user (its one-line help) and shows an example."""
    epilog = f"example:\n  {example}" if example else None
    return sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".", epilog=epilog,
                          formatter_class=argparse.RawDescriptionHelpFormatter)


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
