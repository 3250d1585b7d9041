"""gunicorn settings, read from the environment (`gunicorn -c deploy/gunicorn.conf.py servicetorg.wsgi`).

WSGI is enough: the live pages (the queue display screen, the counter board, import
progress) poll with htmx every few seconds instead of holding a server-sent-events
or WebSocket connection open, so a short synchronous request serves them and no
ASGI server is needed. Sync workers are the robust choice with the ORM; threads let a
worker overlap a few slow requests (exports).

GUNICORN_BIND            address to listen on (default 127.0.0.1:8000; the TLS proxy forwards here)
GUNICORN_WORKERS         processes (default 2 × CPU cores + 1)
GUNICORN_THREADS         threads per process (default 2)
GUNICORN_TIMEOUT         seconds before a stuck worker is killed and replaced (default 60)
GUNICORN_MAX_REQUESTS    requests before a worker is recycled (default 2000, with jitter)
GUNICORN_FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* headers are trusted (default 127.0.0.1)
PROMETHEUS_MULTIPROC_DIR an empty directory for the workers' shared metrics (set it: /metrics then
                         adds up every worker's request latencies)
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return default if raw in (None, "") else int(raw)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 2)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max(1, max_requests // 10) if max_requests else 0
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Django writes the access log itself (JSON, the URL pattern without query string: no personal data).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "servicetorg"
# Load the application once in the master, so a broken setting fails the start instead of each worker.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes", "on"}


# The workers' shared metrics directory: emptied at start (stale files of an earlier run would be added to
# the new counts) before the application is loaded, since preloading already creates metrics.
_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _metrics_dir:
    os.makedirs(_metrics_dir, exist_ok=True)
    for _name in os.listdir(_metrics_dir):
        if _name.endswith(".db"):
            os.remove(os.path.join(_metrics_dir, _name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
