"""The IMAP poller against Debian's dovecot, started with a throwaway configuration on a free port."""

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from servicetorg.conversations.mailin import TAKEN_FLAG, free_port, mail_fetch
from servicetorg.conversations.models import Conversation, Quarantine
from servicetorg.conversations.tests.conftest import eml

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "servicetorget", "imap-test-password"

pytestmark = pytest.mark.skipif(not os.path.exists(DOVECOT),
                                reason="dovecot-imapd is not installed (make install-test)")


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


@pytest.fixture
def dovecot():
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


def _append(port: int, *raws: bytes) -> None:
    client = imaplib.IMAP4("127.0.0.1", port)
    client.login(USER, PASSWORD)
    for raw in raws:
        client.append("INBOX", None, None, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    client.logout()


def _fetch(port: int, **kwargs):
    return mail_fetch(host="127.0.0.1", port=port, ssl=False, user=USER, password=PASSWORD, oauth2_token="",
                      folder="INBOX", done_folder="", **kwargs)


@pytest.mark.django_db
def test_it_takes_new_mail_and_never_twice(dovecot, queue):
    _append(dovecot, eml("outlook.eml"), eml("gmail.eml"), eml("out_of_office.eml"))
    first = _fetch(dovecot)
    assert (first.taken, first.created, first.quarantined) == (3, 2, 1)
    assert Conversation.objects.count() == 2
    assert Quarantine.objects.get().source == "imap"
    again = _fetch(dovecot)
    assert again.taken == 0
    assert Conversation.objects.count() == 2


@pytest.mark.django_db
def test_a_message_a_person_already_read_is_still_taken(dovecot, queue):
    _append(dovecot, eml("latin1_plain.eml"))
    client = imaplib.IMAP4("127.0.0.1", dovecot)
    client.login(USER, PASSWORD)
    client.select("INBOX")
    client.store("1", "+FLAGS", "\\Seen")
    client.logout()
    assert _fetch(dovecot).created == 1
    client = imaplib.IMAP4("127.0.0.1", dovecot)
    client.login(USER, PASSWORD)
    client.select("INBOX")
    _typ, data = client.fetch("1", "(FLAGS)")
    client.logout()
    assert TAKEN_FLAG.encode() in data[0]
    assert Conversation.objects.get().subject == "Byggesøknad for garasje"
