"""A throwaway PostgreSQL server for the test session, so store tests run against the real thing.

`postgres_server()` yields a SQLAlchemy URL: ADDON_TEST_DATABASE_URL if set, otherwise a
server it starts from the local PostgreSQL binaries (initdb + pg_ctl) in a temporary
directory, stopped and deleted afterwards. `fresh_database(url)` yields a new, empty
database on that server for one test (the role needs CREATEDB).

Missing binaries skip the PostgreSQL tests locally but fail them when CI is set:
`make test` installs PostgreSQL (scripts/install-system-deps), so absence in CI is a bug.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from addon.store.engine import normalise_url
from tests.localserver import free_port, missing

ENV_URL = "ADDON_TEST_DATABASE_URL"
SERVER_USER = "postgres"  # the OS account Debian's package creates; also our superuser name
START_TIMEOUT = 60
REMEDY = f"install PostgreSQL or set {ENV_URL}"


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yield the URL of a PostgreSQL server that lives as long as the block."""
    external = os.environ.get(ENV_URL)
    if external:
        yield normalise_url(external).render_as_string(hide_password=False)
        return
    bindir = find_bindir()
    if bindir is None:
        missing("PostgreSQL server binaries (initdb, pg_ctl) not found", REMEDY)
    with _throwaway_server(bindir) as url:
        yield url


@contextlib.contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """Yield the URL of a new empty database on `server_url`, dropped afterwards."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                # FORCE: a test that leaked a connection must not leak its database too.
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def find_bindir() -> Path | None:
    """Return the directory holding initdb and pg_ctl: PATH first, then the newest Debian one."""
    initdb = shutil.which("initdb")
    # resolve(): PATH often holds symlinks; the real directory has pg_ctl and postgres too.
    if initdb and (Path(initdb).resolve().parent / "pg_ctl").exists():
        return Path(initdb).resolve().parent
    candidates = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    candidates = [d for d in candidates if (d / "pg_ctl").exists()]
    # Numeric, not lexical: 9.6 is older than 15.
    return max(candidates, key=lambda d: _version_key(d.parent.name), default=None)


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


@contextlib.contextmanager
def _throwaway_server(bindir: Path) -> Iterator[str]:
    root = Path(tempfile.mkdtemp(prefix="addon-pg-"))
    data, log = root / "data", root / "server.log"
    run_as = _run_as_prefix(root)
    port = free_port()
    options = (
        f"-k {root} -p {port} -c listen_addresses=127.0.0.1"
        # Durability is pointless for a server whose data is deleted at exit; speed is not.
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    started = False
    try:
        initdb = [str(bindir / "initdb"), "-D", str(data), "-U", SERVER_USER, "-A", "trust"]
        _run([*run_as, *initdb, "-E", "UTF8", "--no-sync"], root)
        pg_ctl = [*run_as, str(bindir / "pg_ctl"), "-D", str(data)]
        start = [*pg_ctl, "-l", str(log), "-o", options, "-w", "-t", str(START_TIMEOUT), "start"]
        _run(start, root, log=log)
        started = True
        yield f"postgresql+psycopg://{SERVER_USER}@127.0.0.1:{port}/postgres"
    finally:
        if started:
            _run([*pg_ctl, "-m", "immediate", "-w", "stop"], root, log=log)
        shutil.rmtree(root, ignore_errors=True)


def _run_as_prefix(root: Path) -> list[str]:
    """Hand `root` to the postgres account when we are root, which PostgreSQL refuses to be."""
    if os.geteuid() != 0:
        return []
    try:
        account = pwd.getpwnam(SERVER_USER)
    except KeyError:
        missing(
            f"running as root and there is no {SERVER_USER!r} user to run PostgreSQL as", REMEDY
        )
    os.chown(root, account.pw_uid, account.pw_gid)
    return ["runuser", "-u", SERVER_USER, "--"]


def _run(command: list[str], cwd: Path, log: Path | None = None) -> None:
    # cwd=root: the postgres account may not be allowed into the directory pytest runs in.
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        server_log = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
        raise RuntimeError(
            f"{' '.join(command)} failed ({result.returncode}):\n"
            f"{result.stdout}{result.stderr}{server_log}"
        )
