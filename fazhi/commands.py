"""What each ``fazhi`` subcommand does, given parsed arguments.

Kept apart from argument parsing so the commands read as the steps they are:
resolve the data directory and database, call the package that does the work,
print the result.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy.exc
import yaml

from crawler.sites import SitesFileError, load_sites
from fazhi import crawl_summary


class UserError(Exception):
    """A failure the user can fix; reported as one line."""


KNOWN_ERRORS: tuple[type[BaseException], ...] = (
    UserError, SitesFileError, OSError, sqlalchemy.exc.SQLAlchemyError, yaml.YAMLError, ValueError,
)


NOTHING_MATCHED = "no reports match the selection"  # `catalog ls` and `export wacz` alike: exit 1


def describe(exc: BaseException) -> str:
    """One readable line for *exc*."""
    if isinstance(exc, sqlalchemy.exc.SQLAlchemyError):
        cause = getattr(exc, "orig", None) or exc
        return f"catalog database: {str(cause).splitlines()[0]}"
    if isinstance(exc, FileNotFoundError) and exc.filename:
        return f"no such file: {exc.filename}"
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.strerror or exc}: {exc.filename}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def crawl(args: argparse.Namespace) -> int:
    from crawler.run import crawl_settings, run_crawl

    sites = load_sites(args.sites)
    settings = crawl_settings(
        data_dir=args.data_dir, db_url=args.db, sites=sites, sites_file=args.sites, proxy=args.proxy,
        delay=args.delay, progress=args.progress, overrides=_parse_overrides(args.set),
    )
    result = run_crawl(sites, settings)
    changes = crawl_summary.report_changes(args.data_dir, args.db, result.run_id)
    if args.json:
        json.dump(crawl_summary.as_json(result.summary, result.run_id, result.log_file, result.unreachable,
                                        changes), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print("\n".join(crawl_summary.lines(result.summary, result.run_id, result.log_file, changes=changes)))
    if result.unreachable:
        sys.stderr.write(f"fazhi: error: unreachable site(s): {', '.join(result.unreachable)}\n")
        return 3
    return 0


def catalog_export(args: argparse.Namespace) -> int:
    from catalog.export import export_reports

    with _open_existing_catalog(args) as catalog, _output(args.output) as out:
        count = export_reports(catalog, args.format, out)
    if args.output:
        print(f"exported {count} report(s) to {args.output}", file=sys.stderr)
    return 0


def catalog_ls(args: argparse.Namespace) -> int:
    from catalog.table import format_table, ls_row

    with _open_existing_catalog(args) as catalog:
        reports = catalog.reports(region=args.region, year=args.year)
    if args.json:
        json.dump([ls_row(r) for r in reports], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif reports:
        print(format_table(reports, width=_terminal_width()))
    if not reports:
        raise UserError(NOTHING_MATCHED)
    return 0


def index_rebuild(args: argparse.Namespace) -> int:
    from archive.cdxj import rebuild
    from catalog.capture_index import replace_all

    rows = rebuild(args.data_dir)
    with _open_existing_catalog(args) as catalog:
        replace_all(catalog, rows)
    print(f"indexed {len(rows)} record(s) from {args.data_dir / 'warcs'}")
    return 0


def replay(args: argparse.Namespace) -> int:
    from archive import replay as replay_mod
    from catalog.capture_index import by_record_id, rows_for_url

    if args.serve:
        print(f"pywb on http://127.0.0.1:{args.port}/{replay_mod.COLLECTION}/", file=sys.stderr)
        replay_mod.serve(args.data_dir, args.port)
        return 0
    if not args.url:
        raise UserError("replay needs a URL (or --serve)")
    with _open_existing_catalog(args) as catalog:
        row = replay_mod.closest(rows_for_url(catalog, args.url), args.at)
        if row is None:
            raise UserError(f"no capture of {args.url} in the archive")
        data = replay_mod.http_response(args.data_dir, row, lambda rid: by_record_id(catalog, rid))
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


def verify(args: argparse.Namespace) -> int:
    from archive.verify import verify as verify_rows
    from catalog.capture_index import all_rows, conversion_rows

    with _open_existing_catalog(args) as catalog:
        rows = all_rows(catalog) + conversion_rows(catalog)
    checked, problems = verify_rows(args.data_dir, rows, sample=args.sample)
    for problem in problems:
        print(f"DIFFERS {problem}")
    print(f"verified {checked} record(s): {len(problems)} differ", file=sys.stderr)
    return 1 if problems else 0


def reprocess(args: argparse.Namespace) -> int:
    from archive.reader import CaptureError
    from catalog.reprocess import reprocess as reprocess_reports

    with _open_existing_catalog(args) as catalog:
        try:
            result = reprocess_reports(catalog, args.data_dir, dry_run=args.dry_run)
        except CaptureError as exc:
            raise UserError(f"reprocess stopped, catalog unchanged: {exc}") from exc
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print("\n".join(result.lines()))
    return 0


def export_wacz(args: argparse.Namespace) -> int:
    from archive.wacz import report_warcs, write_wacz
    from catalog.capture_index import files_with_originals

    with _open_existing_catalog(args) as catalog:
        reports = [view.to_dict() for view in catalog.reports(region=args.region, year=args.year)]
        warcs = files_with_originals(catalog, report_warcs(reports))  # a revisit needs its original
    if not reports:
        raise UserError(NOTHING_MATCHED)
    with open(args.output, "wb") as out:
        count = write_wacz(out, args.data_dir, reports, title="fazhi rule-of-law reports", warc_names=warcs)
    print(f"exported {count} report(s) to {args.output}", file=sys.stderr)
    return 0


def extract(args: argparse.Namespace) -> int:
    from extract.files import AttachmentError, extract_file

    body = args.file.read_bytes()
    if not body.strip():
        raise UserError(f"{args.file} is empty")
    url = args.url or args.file.resolve().as_uri()  # a saved file with no known address: file:///…
    try:  # an HTML page or a PDF/DOCX/DOC attachment, told apart by its bytes
        document = extract_file(body, url, content_type=args.content_type)
    except AttachmentError as exc:
        raise UserError(f"{args.file}: {exc}") from exc
    data = {"url": url, **document.to_json()}
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print("\n".join(_document_lines(data)))
    return 0


def _document_lines(data: dict[str, Any]) -> list[str]:
    """What ``fazhi extract`` prints by default: the facts one per line, a blank line, the text."""
    facts = [
        ("report", "yes" if data["is_report"] else "no (not an annual rule-of-law report)"),
        ("title", data["title"]), ("issuer", data["issuer"]), ("issuer kind", data["issuer_kind"]),
        ("region", " ".join(str(v) for v in (data["region_code"], data["region_name"]) if v) or None),
        ("year", data["year"]), ("published", data["published"]), ("signed", data["signed"]),
        ("variant", data["variant"]), ("url", data["url"]),
    ]
    lines = [f"{name + ':':<12} {'-' if value is None else value}" for name, value in facts]
    return [*lines, "", data["text"]]


def serve(args: argparse.Namespace) -> int:
    from fazhi.web.serve import serve as serve_web

    with _open_existing_catalog(args) as catalog:
        serve_web(catalog, args.data_dir, args.host, args.port, args.replay_port)
    return 0


def demo(args: argparse.Namespace) -> int:
    from fazhi.demo import run_demo

    return run_demo(args.data_dir, args.db, port=args.port)


def simweb_serve(args: argparse.Namespace) -> int:
    from simweb.cli import serve

    serve(args.port, args.log, args.generated, args.seed, args.sites_out)
    return 0


def simweb_truth(args: argparse.Namespace) -> int:
    from simweb.cli import write_truth

    write_truth(args.output, args.generated, args.seed)
    return 0


def simweb_sites(args: argparse.Namespace) -> int:
    from simweb.cli import world

    text = world(args.generated, args.seed).sites_yaml()
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _parse_overrides(pairs: list[str]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.isupper():
            raise UserError(f"--set expects NAME=VALUE with an upper-case Scrapy setting name, got {pair!r}")
        overrides[name] = yaml.safe_load(value)
    return overrides


def _terminal_width() -> int | None:
    """The width to fit tables in: the terminal's (or $COLUMNS); None (no cutting) for a pipe or file."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


@contextmanager
def _open_existing_catalog(args: argparse.Namespace):
    from catalog.db import database_url, open_catalog

    url = database_url(args.data_dir, args.db)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            raise UserError(f"no catalog at {path}: run 'fazhi crawl' (or 'fazhi demo') first")
    catalog = open_catalog(url)
    try:
        yield catalog
    finally:
        catalog.close()


@contextmanager
def _output(path: Path | None):
    if path is None:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="") as handle:
        yield handle
