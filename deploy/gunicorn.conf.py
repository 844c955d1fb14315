"""gunicorn for 善行婺里: `gunicorn -c deploy/gunicorn.conf.py wucheng_site.wsgi`.

Behind nginx (deploy/nginx/wucheng.conf), which buffers requests and answers, so slow clients never
hold a worker and plain sync workers are enough. Every value can be changed from the environment
(deploy/env.example) without editing this file.
"""

import multiprocessing
import os


def _int(name, default):
    return int(os.environ.get(name) or default)


# A TCP address ("127.0.0.1:8001") or a socket ("unix:/run/wucheng/gunicorn.sock"); comma-separated
# for several. Under systemd socket activation (deploy/systemd/) gunicorn takes the socket it is given.
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8001").split(",")]

# The usual 2 × cores + 1: a sync worker waits on the database while another one computes.
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"

# A request taking longer than this is killed (and logged): the slowest legitimate ones are admin
# uploads of 20 MB documents, whose PDF text is extracted. nginx waits a little longer (65 s).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)

# Workers are replaced after this many requests (plus up to 10 % at random, so they do not all restart
# at once): bounds what a slow leak could cost.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max(1, max_requests // 10))

# Django writes one JSON line per request itself; gunicorn's access log would repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
capture_output = True
proc_name = "wucheng"

# The workers' heartbeat files in memory, not on a disk that may stall.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Only nginx on this machine may say which scheme and address the visitor used (Django reads
# X-Forwarded-Proto itself, SECURE_PROXY_SSL_HEADER; the rate limit reads X-Forwarded-For, NUM_PROXIES).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# gunicorn's control socket (`gunicornc`) lives in $HOME by default: shared by every gunicorn of the
# user, and read-only under systemd's ProtectSystem. Off unless a path is given.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


def worker_exit(server, worker):
    """A worker replaced (``max_requests``) or stopped writes the search statistics it still holds
    (search/query_log.py writes them in batches), not only through the interpreter's exit handlers."""
    try:
        from search import query_log
    except ImportError:  # the application never loaded in this worker
        return
    query_log.flush()
