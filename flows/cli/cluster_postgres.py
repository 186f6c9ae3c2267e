"""The cluster's PostgreSQL: Debian's postgresql-15 binaries, a data folder made by initdb, started and stopped by
pg_ctl, listening on TCP only (no Unix socket, so the folder may be anywhere) with password (SCRAM) logins.

PostgreSQL refuses to run as root: when `cluster up` runs as root, initdb and pg_ctl run as the `postgres` user
the Debian package creates, and the server's folder belongs to it (so every folder above it must be traversable
by that user).
"""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from flows.cli.cluster_procs import ClusterError, tail

USER = "wirehouse"  # the database role every client logs in as
DATABASES = ("lake", "prefect")  # the lake's catalog and Prefect's own tables
INSTALL = "PostgreSQL is not installed: apt-get install postgresql-15 (Debian), or put its bin folder on PATH"


def bin_dir() -> Path:
    """Return the folder of initdb and pg_ctl: Debian's newest /usr/lib/postgresql/N/bin, else the PATH's."""
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    found = debian[-1] if debian else shutil.which("initdb")
    if not found:
        raise ClusterError(INSTALL)
    return Path(found).parent


def owner() -> dict:
    """Return the subprocess keywords that run PostgreSQL's programs as the postgres user when we are root."""
    if os.geteuid() != 0:
        return {}
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise ClusterError("running as root, PostgreSQL needs the 'postgres' user: " + INSTALL) from None
    return {"user": "postgres", "group": "postgres"}


@dataclass(frozen=True)
class Postgres:
    """One PostgreSQL server: its folder (data/ and server.log inside), address and the clients' password."""

    folder: Path
    host: str
    port: int
    password: str

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def dsn(self, database: str) -> str:
        """Return a libpq connection string without the password (clients take it from PGPASSWORD)."""
        return f"dbname={database} host={self.host} port={self.port} user={USER}"

    def url(self, database: str, driver: str = "postgresql") -> str:
        """Return a SQLAlchemy-style URL with the password (for Prefect's server)."""
        return f"{driver}://{USER}:{self.password}@{self.host}:{self.port}/{database}"

    def tool(self, name: str, *args: str, as_owner: bool = True, check: bool = True) -> subprocess.CompletedProcess:
        """Return the result of one of PostgreSQL's programs, run as the server's owner (or as us, by password)."""
        env = {**os.environ, "PGPASSWORD": self.password, "LC_ALL": "C"}
        keywords = owner() if as_owner else {}
        done = subprocess.run([str(bin_dir() / name), *args], capture_output=True, text=True, env=env,
                              cwd=self.folder, start_new_session=True, **keywords)
        if check and done.returncode:
            raise ClusterError(f"{name} failed: {(done.stderr or done.stdout).strip()}\n{tail(self.log)}")
        return done

    def init(self) -> None:
        """Create the data folder (once), listening on host:port only, over TCP, with password logins."""
        if (self.data / "PG_VERSION").exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        secret = self.folder / "password.tmp"
        secret.write_text(self.password)
        keywords = owner()
        if keywords:
            for path in (self.folder, secret):
                shutil.chown(path, "postgres", "postgres")
            probe = subprocess.run(["test", "-w", str(self.folder)], start_new_session=True, **keywords)
            if probe.returncode:
                raise ClusterError(f"the postgres user cannot write {self.folder}: put the cluster in a folder every "
                                   "user can reach (each folder above it needs o+x)")
        try:
            self.tool("initdb", "-D", str(self.data), "-U", USER, f"--pwfile={secret}", "--auth=scram-sha-256",
                      "-E", "UTF8", "--no-locale")
        finally:
            secret.unlink(missing_ok=True)
        conf = self.data / "postgresql.conf"
        # 'listen_addresses' and 'port' are set on each start instead (pg_ctl -o), so a new port takes effect
        with conf.open("a") as handle:
            handle.write("unix_socket_directories = ''\nmax_connections = 200\n")
        if self.host not in ("127.0.0.1", "localhost"):  # other machines log in by password
            with (self.data / "pg_hba.conf").open("a") as handle:
                handle.write("host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n")

    def running(self) -> int | None:
        """Return the server's pid when it runs, else None."""
        if not (self.data / "PG_VERSION").exists():
            return None
        done = self.tool("pg_ctl", "status", "-D", str(self.data), check=False)
        pid_file = self.data / "postmaster.pid"
        if done.returncode or not pid_file.exists():
            return None
        return int(pid_file.read_text().split()[0])

    def start(self) -> None:
        """Start the server (waiting until it takes connections) and create the databases that are missing."""
        if self.running() is None:
            options = f"-c listen_addresses={self.host} -c port={self.port}"
            self.tool("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", options)
        present = self.tool("psql", *self.login("postgres"), "-tAc", "select datname from pg_database",
                            as_owner=False).stdout.split()
        for name in DATABASES:
            if name not in present:
                self.tool("createdb", *self.login(None), name, as_owner=False)

    def login(self, database: str | None) -> list[str]:
        """Return the client options that reach this server as the wirehouse role."""
        return ["-h", self.host, "-p", str(self.port), "-U", USER, *(["-d", database] if database else [])]

    def stop(self) -> None:
        """Stop the server (fast: open sessions are rolled back) and wait until it has gone."""
        if self.running() is not None:
            self.tool("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "60")
