"""Query-parameter validation: every value is checked against what it may be before it reaches a
query, and anything else is a 400 naming the parameter (never a database error)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from flask import abort

MIN_YEAR = 1990
REGION = re.compile(r"^\d{2,6}$")
PROVINCE = re.compile(r"^\d{2}$")
MAX_QUERY = 200


def text(args: Mapping[str, str], name: str, limit: int = MAX_QUERY) -> str:
    value = args.get(name, "").strip()
    if len(value) > limit or any(ord(ch) < 32 for ch in value):
        abort(400, f"{name}: at most {limit} printable characters")
    return value


def choice(args: Mapping[str, str], name: str, allowed: Sequence[str]) -> str | None:
    value = args.get(name, "").strip()
    if not value:
        return None
    if value not in allowed:
        abort(400, f"{name}: one of {', '.join(allowed)}")
    return value


def pattern(args: Mapping[str, str], name: str, regex: re.Pattern[str], what: str) -> str | None:
    value = args.get(name, "").strip()
    if not value:
        return None
    if not regex.match(value):
        abort(400, f"{name}: {what}")
    return value


def integer(args: Mapping[str, str], name: str, low: int, high: int,
            default: int | None = None) -> int | None:
    value = args.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        abort(400, f"{name}: a whole number from {low} to {high}")
    return int(value)


def year(args: Mapping[str, str], name: str, default: int | None = None) -> int | None:
    return integer(args, name, MIN_YEAR, date.today().year + 1, default)


def year_range(args: Mapping[str, str], default_from: int, default_to: int) -> tuple[int, int]:
    low, high = year(args, "from", default_from), year(args, "to", default_to)
    if low > high:
        abort(400, "from: must not be after to")
    return low, high
