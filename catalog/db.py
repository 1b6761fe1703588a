"""Where the catalog lives and how it is opened: URL resolution, engine setup, migrations."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

from catalog.store import Catalog

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ENV_VAR = "FAZHI_DB_URL"


def database_url(data_dir: Path, db_url: str | None) -> str:
    """Explicit URL, else $FAZHI_DB_URL, else a SQLite file in the data dir (created if missing)."""
    if db_url:
        return db_url
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir.resolve() / 'catalog.sqlite'}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    """WAL lets readers (fazhi catalog ls) run during a crawl; SQLite ignores FKs unless asked."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations, independent of the cwd."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def open_catalog(url: str) -> Catalog:
    """Open (creating or upgrading the schema, and filling the division table) the catalog at `url`."""
    from extract.gazetteer import Gazetteer

    engine = make_engine(url)
    upgrade(engine)
    catalog = Catalog(engine)
    catalog.load_divisions(Gazetteer.default())
    return catalog
