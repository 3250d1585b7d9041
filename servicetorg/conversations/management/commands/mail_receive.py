import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from servicetorg.conversations.mailin import smtp_controller


class Command(BaseCommand):
    help = "Receive the centre's e-mail over SMTP (the municipality's mail server relays its addresses here)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=None)
        parser.add_argument("--port", type=int, default=None)

    def handle(self, *args, host=None, port=None, **options):
        host = host or settings.MAIL_RECEIVE_HOST
        port = settings.MAIL_RECEIVE_PORT if port is None else port
        controller = smtp_controller(host=host, port=port)
        controller.start()
        self.stdout.write(f"SMTP receiver on {host}:{port}")
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        try:
            stop.wait()
        finally:
            controller.stop()
            controller.handler.close()
