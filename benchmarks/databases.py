"""Generated databases, cached between runs, and the PostgreSQL server the benchmark starts.

Generating 1M projects takes minutes, so every generated database is kept under the cache
folder (``benchmarks/.cache``, or ``QY_BENCH_CACHE``) keyed by backend, size, seed and a
fingerprint of the schema, the shipped workflows and the generator version; a stale one
is rebuilt. Scenarios that write get a fresh copy for every measurement (a file copy on
SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL); scenarios that only read use the
cached database itself.

PostgreSQL: a server of the machine's own binaries on 127.0.0.1 (``qy_landing/testing/
pgserver.py``), with its data folder inside the cache so the generated databases
survive; durability is off (fsync, synchronous commit), as for the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import cache_dir, pg_connect, schema_fingerprint, size_label, sqlite_path
from qy_landing.testing.pgserver import LocalPostgres, available, find_binary

PG_SETTINGS = {
    "shared_buffers": "1GB",
    "effective_cache_size": "12GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "1GB",
    "max_wal_size": "8GB",
    "checkpoint_timeout": "30min",
    "max_parallel_maintenance_workers": "2",
    "autovacuum": "on",
}


class PersistentPostgres(LocalPostgres):
    """A LocalPostgres whose data folder lives on (in the cache) after :meth:`stop`."""

    def __init__(self, base: Path) -> None:
        super().__init__(tuned_for_speed=True, extra=PG_SETTINGS)
        shutil.rmtree(self.base, ignore_errors=True)  # the temporary folder made above
        self.base = base
        self.data = base / "data"
        self.socket_dir = base / "sock"
        self.log = base / "server.log"
        self.settings["unix_socket_directories"] = str(self.socket_dir)

    def start(self) -> PersistentPostgres:
        self.base.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres")
            shutil.chown(self.socket_dir, "postgres")
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            self._as_user = [runuser, "-u", "postgres", "--"]
        initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
        assert initdb and pg_ctl
        if not (self.data / "PG_VERSION").exists():
            self._run(
                initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                "--locale=C.UTF-8",
            )  # fmt: skip
        elif (self.data / "postmaster.pid").exists():
            # left by a run that was killed: stop that server (the run lock makes it ours)
            subprocess.run(
                [*self._as_user, pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                check=False,
            )
        options = " ".join(f"-c {k}={v}" for k, v in self.settings.items())
        self._run(
            pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "120",
            "start",
        )  # fmt: skip
        self._wait()
        return self

    def stop(self) -> None:
        pg_ctl = find_binary("pg_ctl")
        if pg_ctl and self.data.exists():
            subprocess.run(
                [*self._as_user, pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop"],
                capture_output=True,
                check=False,
            )

    def databases(self) -> set[str]:
        with pg_connect(self.url("postgres"), autocommit=True) as connection:
            return {r[0] for r in connection.execute("SELECT datname FROM pg_database")}

    def drop(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def version(self) -> str:
        with pg_connect(self.url("postgres"), autocommit=True) as connection:
            row = connection.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "?"


class Store:
    """The cached databases of one backend, size and seed."""

    def __init__(
        self,
        backend: str,
        size: int,
        seed: int,
        *,
        progress: Callable[[str], None] | None = None,
        root: Path | None = None,
    ) -> None:
        self.backend = backend
        self.size = size
        self.seed = seed
        self.say = progress or (lambda _m: None)
        self.root = root or cache_dir()
        self.root.mkdir(parents=True, exist_ok=True)
        self.fingerprint = schema_fingerprint()
        self.name = f"{backend}_{size_label(size)}_s{seed}_{self.fingerprint}".lower()
        self.work = self.root / "work"
        self.work.mkdir(exist_ok=True)
        self.server: PersistentPostgres | None = None
        self._lock: Any = None
        self._copies = 0
        self.generation: dict[str, Any] = {}

    # --- life ---------------------------------------------------------------------------------

    def start(self) -> None:
        from filelock import FileLock, Timeout

        # one run per PostgreSQL server; SQLite runs of different sizes share nothing
        scope = "postgres" if self.backend == "postgres" else f"sqlite-{size_label(self.size)}"
        self._lock = FileLock(str(self.root / f"{scope}.lock"))
        try:
            self._lock.acquire(timeout=5)
        except Timeout:
            raise RuntimeError(f"another benchmark run is using the {scope} cache") from None
        if self.backend == "postgres":
            reason = available()
            if reason:
                raise RuntimeError(reason)
            self.server = PersistentPostgres(self.root / "pg")
            self.say("starting PostgreSQL")
            self.server.start()

    def stop(self) -> None:
        if self.server is not None:
            for name in self.server.databases():
                if name.startswith("w_"):
                    self.server.drop(name)
            self.server.stop()
            self.server = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def database_version(self) -> str:
        if self.server is not None:
            return f"PostgreSQL {self.server.version()}"
        return f"SQLite {sqlite3.sqlite_version}"

    # --- the catalogue --------------------------------------------------------------------------

    def _catalogue(self) -> dict[str, Any]:
        path = self.root / "catalog.json"
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text())
            return data if isinstance(data, dict) else {}
        except ValueError:
            return {}

    def _remember(self, key: str, value: dict[str, Any]) -> None:
        data = self._catalogue()
        data[key] = value
        (self.root / "catalog.json").write_text(json.dumps(data, indent=2, sort_keys=True))

    def _forget(self, key: str) -> None:
        data = self._catalogue()
        data.pop(key, None)
        (self.root / "catalog.json").write_text(json.dumps(data, indent=2, sort_keys=True))

    # --- the databases ------------------------------------------------------------------------

    def url_of(self, name: str) -> str:
        if self.server is not None:
            return self.server.url(name)
        return f"sqlite:///{self.root / (name + '.db')}"

    def _exists(self, name: str) -> bool:
        if self.server is not None:
            return name in self.server.databases()
        return (self.root / (name + ".db")).exists()

    def _drop(self, name: str) -> None:
        if self.server is not None:
            self.server.drop(name)
            return
        for suffix in (".db", ".db-wal", ".db-shm"):
            (self.root / (name + suffix)).unlink(missing_ok=True)

    def _create_empty(self, name: str) -> str:
        self._drop(name)
        if self.server is not None:
            return self.server.create_database(name)
        return self.url_of(name)

    def full(self) -> str:
        """The generated database (built now if it is missing or stale)."""
        from benchmarks import datagen

        name = self.name
        entry = self._catalogue().get(name)
        if entry is not None and entry.get("complete") and self._exists(name):
            self.generation = entry
            return self.url_of(name)
        self._forget(name)
        self._prune()
        url = self._create_empty(name)
        self.say(
            f"generating {size_label(self.size)} projects on {self.backend} (seed {self.seed})"
        )
        report = datagen.generate(url, self.size, self.seed, progress=self.say)
        self.generation = {
            "complete": True,
            "seconds": round(report.seconds, 1),
            "rows": report.rows,
            "generated": time.strftime("%Y-%m-%d %H:%M:%S"),
        }
        self._remember(name, self.generation)
        self.say(f"generated in {report.seconds:.0f} s: {report.rows}")
        return url

    def _prune(self) -> None:
        """Drop the databases and ledgers of this backend, size and seed that went stale."""
        stem = self.name.rsplit("_", 1)[0] + "_"
        for key in list(self._catalogue()):
            if key.startswith(stem) and self.fingerprint not in key:
                self._drop(key)
                self._forget(key)
        for path in self.root.glob(f"ledger_{size_label(self.size)}_*_s{self.seed}_*.csv"):
            if self.fingerprint not in path.name:
                path.unlink(missing_ok=True)

    def base(self) -> str:
        """Schema, units, workflows and the persons, but no projects: what a ledger imports into."""
        from benchmarks import datagen

        name = self.name + "_base"
        entry = self._catalogue().get(name)
        if entry is not None and entry.get("complete") and self._exists(name):
            return self.url_of(name)
        self._forget(name)
        url = self._create_empty(name)
        datagen.init_base(url, self.size, self.seed)
        if self.backend == "sqlite":
            connection = sqlite3.connect(sqlite_path(url))
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
        self._remember(name, {"complete": True})
        return url

    def ledger(self, rows: int) -> Path:
        """A ledger CSV of ``rows`` new projects whose persons exist in :meth:`base`."""
        from benchmarks import datagen

        path = (
            self.root / f"ledger_{size_label(self.size)}_{rows}_s{self.seed}_{self.fingerprint}.csv"
        )
        if not path.exists():
            world = datagen.make_world(self.base(), self.size, self.seed)
            partial = path.with_suffix(".part")
            datagen.write_ledger(partial, world, rows)
            partial.replace(path)
        return path

    def copy(self, url: str, label: str) -> str:
        """A fresh copy of the database at ``url`` for one measurement."""
        self._copies += 1
        name = f"w_{label}_{self._copies}".lower().replace("-", "_")
        if self.server is not None:
            template = url.rsplit("/", 1)[1]
            self.server.drop(name)
            return self.server.create_database(name, template=template)
        source = Path(sqlite_path(url))
        wal = source.with_name(source.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            connection = sqlite3.connect(str(source))
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()
        target = self.work / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(source, target)
        return f"sqlite:///{target}"

    def as_login(self, url: str, role: str, unit: str = "正宁县") -> str:
        """``url`` connected as ``bench_<role>``, a login in the group role ``qy_<role>``
        (0007_row_security), made on first use: the library side then runs under the
        row-level security policies like an office's users (``--as-role``). ``county``:
        a ``qy_staff`` login whose account works for ``unit`` (it reads that unit's share)."""
        if self.server is None:
            return url  # SQLite has no logins
        name = f"bench_{role}"
        group = "qy_staff" if role == "county" else f"qy_{role}"
        with pg_connect(url, autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
            if exists.fetchone() is None:
                connection.execute(f"CREATE ROLE {name} LOGIN IN ROLE {group}")
            if role == "county":
                found = connection.execute(
                    "INSERT INTO account (role_name, unit_id, role, disabled, created_at, "
                    "created_by) SELECT %s, id, 'staff', false, now(), 'benchmarks' "
                    "FROM unit WHERE name = %s ON CONFLICT (role_name) "
                    "DO UPDATE SET unit_id = EXCLUDED.unit_id RETURNING unit_id",
                    (name, unit),
                )
                if found.fetchone() is None:
                    raise RuntimeError(f"no unit {unit!r} in the benchmark database")
        return url.replace("//postgres@", f"//{name}@")

    def discard(self, url: str) -> None:
        if self.server is not None:
            self.server.drop(url.rsplit("/", 1)[1])
            return
        path = Path(sqlite_path(url))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)

    def warm(self, url: str) -> None:
        """Bring a database into memory before a read-only scenario (both sides then start warm)."""
        if self.server is not None:
            with pg_connect(url, autocommit=True) as connection:
                try:
                    connection.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
                    connection.execute(
                        "SELECT pg_prewarm(c.oid) FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')"
                    )
                except Exception:  # no contrib: read the tables instead
                    for table in ("project", '"procedure"', "assignment", "problem", "person"):
                        connection.execute(f"SELECT count(*) FROM {table}")
            return
        with Path(sqlite_path(url)).open("rb") as handle:
            while handle.read(1 << 24):
                pass
