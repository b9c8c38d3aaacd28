"""Publish the marts of a finished build into the serving file that dashboards and BI tools read.

The build file (`warehouse/warehouse.duckdb`) is written by dbt for minutes at a time; readers never
open it. After a successful build, `publish` copies the marts into a brand-new DuckDB file next to
the serving file, flushes it to disk and renames it over the serving file in one `os.replace`:

- a reader opens either the whole previous file or the whole new one, never a half-built state;
- a build never blocks a reader (they use different files) and a reader never blocks a publish;
- a failed build (publish is not called) or a failed publish (the temporary file is deleted, the
  serving file untouched) leaves the last good file serving.

A publish after a per-account refresh (`accounts=[...]`) copies the serving file instead of
rebuilding it, and replaces only those accounts' rows in every mart (tables without an account_id
column are copied whole): its cost follows the refreshed accounts' rows, not the marts'. It does so
only when the serving file was published from the same build file with the same tables and
columns (names, order and types); otherwise it publishes everything. The other accounts keep the
rows of the last successful publish.

Publishes to one serving file take turns: each holds an exclusive lock (`flock` on
`.<serving name>.lock` next to it; the kernel releases it when the holder dies, even by kill -9)
from reading the serving file to the swap. Under it:

- temporary files of earlier publishes that were killed (their writer process is gone, or they
  are more than an hour old) are removed;
- a publish never replaces a serving file published from a newer build: `marts.publish_info`
  records `built_at`, the build's latest `computed_at`, and a publish whose build is older than the
  serving file's raises NewerServingFileError and leaves the file alone (the same build again is
  fine: a retry).

Readers open the serving file read-only with short-lived connections (`connect_serving`). A
connection that stays open keeps reading the file it opened (the old inode, after a publish): that
is fine and consistent, it just does not see newer data until it reconnects.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: publishes do not lock each other out
    fcntl = None

import duckdb

from crm_warehouse import settings

SCHEMA = "marts"
# Tables the serving file must have: without them the build is not worth publishing.
REQUIRED_TABLES = ("metric_values", "dim_accounts")


# A temporary file of a publish older than this is stale even when a process with its writer's
# id runs (ids are reused); a publish takes seconds to minutes.
STALE_TEMP_SECONDS = 3600


class PublishError(RuntimeError):
    """The build file cannot be published (missing, or without the required marts)."""


class NewerServingFileError(PublishError):
    """The serving file was published from a newer build than the one being published."""


def connect_serving(read_only: bool = True, path: Path | str | None = None):
    """A connection to the serving file (default `settings.serving_path()`). Use it briefly and
    close it (`with connect_serving() as con: ...`): each call sees the latest published file.

    Read-only connections are an in-memory DuckDB that ATTACHes the serving file read-only and makes
    it the default catalog, so `marts.metric_values` resolves. (Connecting to the file path
    directly would reuse DuckDB's per-process database cache, which keeps the old file while any
    connection to it is open, so a busy process could keep reading an old publish.)"""
    path = Path(path) if path is not None else settings.serving_path()
    if not read_only:
        return duckdb.connect(str(path))
    if not path.exists():
        raise FileNotFoundError(
            f"no serving file at {path}: build the warehouse (python -m crm_warehouse demo) "
            "or publish one (python -m crm_warehouse publish)"
        )
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {_quote_literal(str(path))} AS serving (READ_ONLY)")
        con.execute("USE serving")
    except Exception:
        con.close()
        raise
    return con


def _quote_literal(text: str) -> str:
    """A SQL string literal (ATTACH takes no bound parameters; this is a file path, not input)."""
    return "'" + text.replace("'", "''") + "'"


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _build_tables(con, catalog: str) -> list[tuple[str, str]]:
    """(table name, type) of every table and view in the build's marts schema."""
    return con.execute(
        """
        select table_name, table_type
        from information_schema.tables
        where table_catalog = ? and table_schema = ?
        order by table_name
        """,
        [catalog, SCHEMA],
    ).fetchall()


def _fsync(path: Path, directory: bool = False) -> None:
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError:  # some file systems cannot open a directory for fsync
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _copy_marts(build_db: Path, temp_db: Path) -> list[str]:
    """Create temp_db with a copy of the build's marts; returns the copied table names."""
    con = duckdb.connect(str(temp_db))
    try:
        con.execute(f"ATTACH {_quote_literal(str(build_db))} AS build (READ_ONLY)")
        tables = _build_tables(con, "build")
        names = {name for name, _ in tables}
        missing = [t for t in REQUIRED_TABLES if t not in names]
        if missing:
            raise PublishError(
                f"{build_db} has no {SCHEMA}.{', '.join(missing)}: build the warehouse first"
            )
        target = _quote_ident(con.execute("select current_database()").fetchone()[0])
        con.execute(f"CREATE SCHEMA {target}.{SCHEMA}")
        for name, _ in tables:
            ident = _quote_ident(name)
            con.execute(
                f"CREATE TABLE {target}.{SCHEMA}.{ident} AS SELECT * FROM build.{SCHEMA}.{ident}"
            )
        copied = [name for name, _ in tables]
        as_of = con.execute(f"SELECT max(as_of) FROM build.{SCHEMA}.metric_values").fetchone()[0]
        con.execute(
            f"""
            CREATE TABLE {target}.{SCHEMA}.publish_info AS
            SELECT ?::timestamp AS as_of, ?::timestamp AS published_at,
                   ?::varchar AS build_db, ?::varchar AS tables, ?::timestamp AS built_at
            """,
            [as_of, datetime.now(UTC).replace(tzinfo=None), str(build_db), ",".join(copied),
             _build_version(con, "build")],
        )
        copied.append("publish_info")
        con.execute("DETACH build")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return copied


def _build_version(con, catalog: str) -> datetime | None:
    """The build's latest `computed_at` (marts.metric_values of `catalog`): what a publish
    records as `built_at` and never goes back from. None when the build has no such column."""
    found = con.execute(
        "select count(*) from information_schema.columns where table_catalog = ? "
        "and table_schema = ? and table_name = 'metric_values' and column_name = 'computed_at'",
        [catalog, SCHEMA],
    ).fetchone()[0]
    if not found:
        return None
    return con.execute(
        f"SELECT max(computed_at) FROM {_quote_ident(catalog)}.{SCHEMA}.metric_values"
    ).fetchone()[0]


def _published_version(path: Path) -> datetime | None:
    """`built_at` of the serving file at `path`, or None (no file, an older publish without it,
    or a file that cannot be read: replacing it is what it needs)."""
    if not path.is_file():
        return None
    try:
        with connect_serving(path=path) as con:
            found = con.execute(
                "select count(*) from information_schema.columns where table_catalog = "
                "current_database() and table_schema = ? and table_name = 'publish_info' "
                "and column_name = 'built_at'",
                [SCHEMA],
            ).fetchone()[0]
            if not found:
                return None
            return con.execute(f"select max(built_at) from {SCHEMA}.publish_info").fetchone()[0]
    except duckdb.Error:
        return None


def _columns(con, catalog: str) -> dict[str, list[tuple[str, str]]]:
    """(column name, data type), in order, of every table in `catalog`'s marts schema."""
    rows = con.execute(
        """
        select table_name, column_name, data_type
        from information_schema.columns
        where table_catalog = ? and table_schema = ?
        order by table_name, ordinal_position
        """,
        [catalog, SCHEMA],
    ).fetchall()
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        columns.setdefault(table, []).append((column, data_type))
    return columns


def _same_tables(con, build_db: Path) -> bool:
    """Whether the serving copy (default catalog) was published from `build_db` (attached as
    `build`) with the same tables and columns (names, order, types): the condition for replacing
    only some accounts' rows."""
    serving = _columns(con, con.execute("select current_database()").fetchone()[0])
    build = _columns(con, "build")
    if "publish_info" not in serving or "built_at" not in dict(serving["publish_info"]):
        return False
    published_from = con.execute(f"select max(build_db) from {SCHEMA}.publish_info").fetchone()[0]
    serving.pop("publish_info")
    return published_from == str(build_db) and serving == build


def _update_accounts(build_db: Path, temp_db: Path, accounts: Sequence[int]) -> bool:
    """In temp_db (a copy of the serving file), replace the rows of `accounts` in every mart by
    the build's; tables without account_id are copied whole. False (temp_db untouched in
    substance) when the copy does not match the build's tables: publish everything instead."""
    ids = ", ".join(str(int(account)) for account in sorted(set(accounts)))
    con = duckdb.connect(str(temp_db))
    try:
        con.execute(f"ATTACH {_quote_literal(str(build_db))} AS build (READ_ONLY)")
        if not _same_tables(con, build_db):
            return False
        con.execute("BEGIN")
        for name, typed_columns in _columns(con, "build").items():
            ident = f"{SCHEMA}.{_quote_ident(name)}"
            columns = [column for column, _ in typed_columns]
            if "account_id" in columns:
                listed = ", ".join(_quote_ident(column) for column in columns)
                con.execute(f"DELETE FROM {ident} WHERE account_id IN ({ids})")
                con.execute(f"INSERT INTO {ident} ({listed}) SELECT {listed} "
                            f"FROM build.{ident} WHERE account_id IN ({ids})")
            else:
                con.execute(f"DELETE FROM {ident}")
                con.execute(f"INSERT INTO {ident} SELECT * FROM build.{ident}")
        con.execute(
            f"UPDATE {SCHEMA}.publish_info SET as_of = (SELECT max(as_of) FROM "
            f"{SCHEMA}.metric_values), published_at = ?, built_at = ?",
            [datetime.now(UTC).replace(tzinfo=None), _build_version(con, "build")],
        )
        con.execute("COMMIT")
        con.execute("DETACH build")
        con.execute("CHECKPOINT")
        return True
    finally:
        con.close()


def _temp_pattern(serving_db: Path) -> re.Pattern[str]:
    """Names of the temporary files of publishes to `serving_db`: .<name>.<pid>.<hex>.tmp[.wal]."""
    return re.compile(rf"\.{re.escape(serving_db.name)}\.(\d+)\.[0-9a-f]+\.tmp(\.wal)?")


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    except OSError:
        return False
    return True


def remove_stale_temp_files(serving_db: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files that earlier publishes to `serving_db` left behind when they
    were killed (kill -9, a crash, a power cut): those whose writer process is gone, or older
    than STALE_TEMP_SECONDS. Called by `publish` under the publish lock. Returns the removed."""
    pattern = _temp_pattern(serving_db)
    now = time.time() if now is None else now
    removed = []
    for path in serving_db.parent.iterdir():
        found = pattern.fullmatch(path.name)
        if not found:
            continue
        try:
            age = now - path.stat().st_mtime
        except FileNotFoundError:
            continue
        if age > STALE_TEMP_SECONDS or not _process_exists(int(found.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextmanager
def _publish_lock(serving_db: Path) -> Iterator[None]:
    """Hold the exclusive lock of publishes to `serving_db` (blocking until it is free). The
    lock file `.<name>.lock` stays next to the serving file; the lock itself goes with the
    holder's file descriptor, so a killed holder never leaves it taken."""
    lock = serving_db.with_name(f".{serving_db.name}.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def publish(build_db: Path | str | None = None, serving_db: Path | str | None = None,
            accounts: Sequence[int] | None = None) -> Path:
    """Copy the marts of `build_db` (default: the warehouse file) into a new file and atomically
    replace `serving_db` (default: `settings.serving_path()`) with it. Returns the serving path.
    On any error the temporary file is removed and the previous serving file stays in place.

    With `accounts` (after a run that recomputed only them), the new file is a copy of the
    serving file with those accounts' rows replaced, when the serving file allows it (see the
    module's docstring); otherwise, and without `accounts`, every mart is copied.

    Publishes to one serving file take turns (a lock next to it); each first removes the
    temporary files of killed publishes, and none replaces a serving file published from a newer
    build (NewerServingFileError)."""
    build_db = (Path(build_db) if build_db is not None else settings.warehouse_path()).resolve()
    serving_db = Path(serving_db) if serving_db is not None else settings.serving_path()
    if not build_db.exists():
        raise PublishError(f"no build file at {build_db}: build the warehouse first")
    if build_db.resolve() == serving_db.resolve():
        raise PublishError("the serving file must not be the build file")
    serving_db.parent.mkdir(parents=True, exist_ok=True)
    with _publish_lock(serving_db):
        remove_stale_temp_files(serving_db)
        temp_db = serving_db.with_name(
            f".{serving_db.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp"
        )
        try:
            updated = False
            if accounts and serving_db.is_file():
                shutil.copyfile(serving_db, temp_db)
                updated = _update_accounts(build_db, temp_db, accounts)
                if not updated:
                    temp_db.unlink()
            if not updated:
                _copy_marts(build_db, temp_db)
            wal = temp_db.with_name(temp_db.name + ".wal")
            if wal.exists():  # closed after a checkpoint: there should be none; never ship one
                raise PublishError(f"DuckDB left a write-ahead log next to {temp_db}")
            _fsync(temp_db)
            published, building = _published_version(serving_db), _published_version(temp_db)
            if published is not None and building is not None and building < published:
                raise NewerServingFileError(
                    f"{serving_db} was published from a newer build (computed up to {published}) "
                    f"than {build_db} (computed up to {building}): not replaced"
                )
            # A WAL beside the serving file would belong to the old file (someone opened it for
            # writing): it must not be replayed onto the new one.
            serving_db.with_name(serving_db.name + ".wal").unlink(missing_ok=True)
            os.replace(temp_db, serving_db)
            _fsync(serving_db.parent, directory=True)
        finally:
            temp_db.unlink(missing_ok=True)
            temp_db.with_name(temp_db.name + ".wal").unlink(missing_ok=True)
    return serving_db


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="crm-warehouse publish",
        description="Copy the marts of the built warehouse into a new serving file and swap it "
                    "in atomically (readers never see a half-built state).")
    parser.add_argument("--build-db", default=None,
                        help="the built warehouse (default: $WAREHOUSE_DB, else the project's)")
    parser.add_argument("--serving-db", default=None,
                        help="serving file (default: $SERVING_DB, else serving.duckdb next to "
                             "the warehouse file $WAREHOUSE_DB)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        path = publish(args.build_db, args.serving_db)
    except (PublishError, duckdb.Error, OSError) as error:
        print(f"Publish failed, the previous serving file is unchanged: {error}", file=sys.stderr)
        return 1
    print(f"Published the marts to {path} in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
