"""A throwaway PostgreSQL cluster of our own: for the fault tests (tests/test_faults.py) and the load benchmark's
`--restart-db-at` mode, which stop and restart the database under a running app. The shared server on :5432 must
never be restarted, so these get a cluster in a temporary directory, on a free port, with its unix socket in that
directory.

initdb and postgres refuse to run as root: as root, the cluster's directory is given to the `postgres` OS user and
the binaries run as that user (runuser); as anyone else they run as oneself. No Django import here.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import free_port

SERVER_SETTINGS = {
    # A test cluster: durability is not the point, speed of start, stop and writes is.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "128MB",
}


class ClusterUnavailable(Exception):
    """PostgreSQL's server binaries (initdb, pg_ctl) are not installed, or cannot be run from here."""


def find_binaries() -> Path:
    """The directory of initdb and pg_ctl: $PG_BIN, pg_config --bindir, Debian's /usr/lib/postgresql/N/bin, PATH."""
    candidates = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]))
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            candidates.append(
                Path(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True).stdout.strip())
            )
        except (OSError, subprocess.CalledProcessError):
            pass
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).parent)
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    raise ClusterUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql or set PG_BIN to their directory"
    )


class PrivateCluster:
    """initdb, start, stop, restart and remove a cluster; `url(name)` gives a DATABASE_URL for a database in it.

    Use as a context manager, or call start() and remove() yourself."""

    def __init__(self, base_dir: str | Path | None = None, port: int | None = None):
        self.bin = find_binaries()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            try:
                import pwd

                self._postgres_user = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise ClusterUnavailable(
                    "running as root, and there is no `postgres` OS user to run initdb as"
                ) from exc
        # Not under pytest's tmp_path: that is private to root, and the server runs as `postgres`.
        self.root = Path(tempfile.mkdtemp(prefix="rownaq-pg-", dir=base_dir))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = port or free_port()
        if self.as_postgres:
            os.chown(self.root, self._postgres_user.pw_uid, self._postgres_user.pw_gid)
        self.initialised = False

    # ------------------------------------------------------------ running the binaries

    def _run(self, program: str, *args: str, timeout: float = 60, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / program), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        # Output to a file, not a pipe: a server started by pg_ctl would inherit the pipe and hold it open.
        with tempfile.TemporaryFile("w+") as output:
            result = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=timeout,
                cwd=self.root,
            )
            output.seek(0)
            result.stdout = output.read()
        if check and result.returncode:
            raise ClusterUnavailable(
                f"{program} failed ({result.returncode}): {result.stdout.strip()[-1500:]}\n{self.server_log_tail()}"
            )
        return result

    def _options(self) -> str:
        settings = {
            **SERVER_SETTINGS,
            "port": str(self.port),
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": str(self.root),
        }
        return " ".join(f"-c {name}={value}" for name, value in settings.items())

    def server_log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # ------------------------------------------------------------ life cycle

    def init(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self.initialised = True

    def start(self) -> None:
        if not self.initialised:
            self.init()
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """mode: smart, fast (the default: ends client sessions, clean shutdown) or immediate (like a crash)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self, mode: str = "fast", down_seconds: float = 0) -> None:
        """Stop, stay down for `down_seconds`, start again (returns once the server accepts connections)."""
        self.stop(mode)
        time.sleep(down_seconds)
        self.start()

    def is_running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                import psycopg

                with psycopg.connect(self.url("postgres"), connect_timeout=2):
                    return
            except Exception:
                time.sleep(0.1)
        raise ClusterUnavailable(f"the cluster did not accept connections within {timeout} s")

    def remove(self) -> None:
        if self.initialised and self.is_running():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PrivateCluster:
        try:
            self.start()
        except BaseException:
            self.remove()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.remove()

    # ------------------------------------------------------------ databases

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)
