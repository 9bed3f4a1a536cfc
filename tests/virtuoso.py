"""Start Virtuoso Open Source on free loopback ports from a folder of its own; stop it.

Debian's ``virtuoso-opensource`` package (``apt-get install virtuoso-opensource``)
provides the server (``virtuoso-t``) and its SQL client (``isql-vt``); no system service
and no fixed port are used. The folder gets its own ``virtuoso.ini`` and database; once
the server answers SPARQL, the ``dba`` password is changed and a user with the
``SPARQL_UPDATE`` role is made (random passwords), so that the Graph Store Protocol PUT
on ``/sparql-graph-crud-auth`` works with HTTP digest auth, while the anonymous
``/sparql-graph-crud`` answers 403.

Used by the tests' fixture, and by hand::

    python tests/virtuoso.py /tmp/virtuoso      # prints the endpoints; Ctrl-C stops it

Standard library only.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["USER", "Virtuoso", "VirtuosoError", "binaries", "start"]

#: The user with SPARQL_UPDATE rights that the script makes.
USER = "bonekg"
#: Seconds to wait for the server to answer (a first start creates the database: ~10 s).
START_TIMEOUT = 120.0

INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
ThreadsPerQuery = 2
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {root}
MaxClientConnections = 5
ServerThreads = 5
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


class VirtuosoError(RuntimeError):
    """Virtuoso is missing, did not start, or refused the setup."""


def binaries() -> tuple[str, str] | None:
    """Return the paths of the server and its SQL client, or ``None`` when not installed."""
    server = shutil.which("virtuoso-t")
    client = shutil.which("isql-vt")
    return (server, client) if server and client else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Virtuoso:
    """A running Virtuoso: its endpoints, the user that may write, and its process."""

    folder: Path
    http_port: int
    sql_port: int
    process: subprocess.Popen[bytes]
    client: str
    password: str = field(repr=False)
    started_in: float = 0.0
    _dba: str = field(default="dba", repr=False)

    @property
    def base(self) -> str:
        """Return the HTTP address of the server."""
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query(self) -> str:
        """Return the SPARQL Protocol endpoint (anonymous reads)."""
        return self.base + "/sparql"

    @property
    def store(self) -> str:
        """Return the Graph Store Protocol endpoint that takes digest auth."""
        return self.base + "/sparql-graph-crud-auth"

    @property
    def anonymous_store(self) -> str:
        """Return the Graph Store Protocol endpoint without auth (writes answer 403)."""
        return self.base + "/sparql-graph-crud"

    def sql(self, statements: str, user: str = "dba", password: str | None = None) -> str:
        """Run SQL *statements* through ``isql-vt`` (read from standard input)."""
        done = subprocess.run(
            [self.client, f"127.0.0.1:{self.sql_port}", user, password or self._dba],
            input=statements.encode(),
            capture_output=True,
            timeout=60,
            check=False,
        )
        output = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
        if done.returncode != 0 or "*** Error" in output:
            raise VirtuosoError(f"isql-vt failed: {output.strip()[-500:]}")
        return output

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 30 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        """Return the end of the server's log, for messages."""
        path = self.folder / "virtuoso.log"
        return path.read_text("utf-8", "replace")[-2000:] if path.exists() else ""


def start(folder: Path) -> Virtuoso:
    """Start Virtuoso in *folder* (created), wait until it answers, set up the user.

    :raises VirtuosoError: not installed, or it did not answer within START_TIMEOUT
    """
    found = binaries()
    if found is None:
        raise VirtuosoError("virtuoso-t/isql-vt are missing (apt-get install virtuoso-opensource)")
    server, client = found
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vsp").mkdir(exist_ok=True)
    http_port, sql_port = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(
        INI.format(sql_port=sql_port, http_port=http_port, root=folder / "vsp")
    )
    began = time.monotonic()
    process = subprocess.Popen(
        [server, "+foreground", "+configfile", "virtuoso.ini"],
        cwd=folder,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    running = Virtuoso(folder, http_port, sql_port, process, client, secrets.token_hex(12))
    try:
        _wait(running, began)
        running.started_in = time.monotonic() - began
        dba = secrets.token_hex(12)
        running.sql(
            f"DB.DBA.USER_CREATE('{USER}', '{running.password}');\n"
            f'GRANT SPARQL_UPDATE TO "{USER}";\n'
            f"user_set_password('dba', '{dba}');\n"
        )
        running._dba = dba
    except BaseException:
        running.stop()
        raise
    return running


def _wait(running: Virtuoso, began: float) -> None:
    """Wait until the SPARQL endpoint answers an ASK."""
    probe = running.query + "?query=ASK%7B%7D"
    while True:
        try:
            urllib.request.urlopen(probe, timeout=2).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if running.process.poll() is not None:
                raise VirtuosoError(
                    f"virtuoso-t exited ({running.process.returncode}): {running.log()}"
                ) from None
            if time.monotonic() - began > START_TIMEOUT:
                raise VirtuosoError(
                    f"virtuoso-t did not answer within {START_TIMEOUT:g} s: {running.log()}"
                ) from None
            time.sleep(0.2)


def main(argv: list[str]) -> int:
    """Start Virtuoso in the folder given, print its endpoints, stop it on Ctrl-C."""
    if len(argv) != 1:
        print("usage: python tests/virtuoso.py FOLDER", file=sys.stderr)
        return 2
    running = start(Path(argv[0]))
    print(f"started in {running.started_in:.1f} s")
    print(f"query:  {running.query}")
    print(f"store:  {running.store} (digest: user {USER}, password {running.password})")
    try:
        running.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
