"""Debian's dovecot started with a throwaway configuration, for the IMAP tests and the benchmark."""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from servicetorg.conversations.mailin import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "servicetorget", "imap-test-password"


def _wait_for(port: int, proc: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dovecot exited: {log.read_text() if log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("dovecot did not start")


@contextlib.contextmanager
def dovecot_running() -> Iterator[int]:
    """Debian's dovecot on a free port of 127.0.0.1 with a throwaway configuration; yields the port."""
    # Not pytest's tmp_path: its parents are private (0700) and dovecot's own users must read the config.
    tmp_path = Path(tempfile.mkdtemp(prefix="st-dovecot-"))
    os.chmod(tmp_path, 0o755)  # noqa: S103
    port = free_port()
    if os.geteuid() == 0:
        # Dovecot refuses to run mail processes as root: use the package's own users.
        internal, login = "dovecot", "dovenull"
        owner = pwd.getpwnam("dovecot")
    else:
        internal = login = pwd.getpwuid(os.getuid()).pw_name
        owner = pwd.getpwuid(os.getuid())
    mail_root = tmp_path / "mail"
    mail_root.mkdir()
    os.chown(mail_root, owner.pw_uid, owner.pw_gid)
    (tmp_path / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    config = tmp_path / "dovecot.conf"
    config.write_text(f"""
base_dir = {tmp_path}/run
state_dir = {tmp_path}/state
instance_name = st-test-{port}
log_path = {tmp_path}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {pwd.getpwnam(internal).pw_name if os.geteuid() == 0 else internal}
default_login_user = {login}
first_valid_uid = {owner.pw_uid}
mail_location = maildir:{mail_root}/%u
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
passdb {{
  driver = passwd-file
  args = {tmp_path}/passwd
}}
userdb {{
  driver = static
  args = uid={owner.pw_uid} gid={owner.pw_gid} home={mail_root}/%u
}}
""")
    proc = subprocess.Popen([DOVECOT, "-F", "-c", str(config)],  # noqa: S603
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, proc, tmp_path / "dovecot.log")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(tmp_path, ignore_errors=True)


