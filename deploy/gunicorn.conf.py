"""gunicorn settings for Rownaq: `gunicorn -c deploy/gunicorn.conf.py rownaq.wsgi`.

Workers are processes (the app is synchronous); two per core plus one is gunicorn's usual starting point. The
database connection is kept per worker (CONN_MAX_AGE) and checked before use, so a PostgreSQL restart costs the
requests in flight, not the workers.
"""
import multiprocessing
import os

pythonpath = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# No request works more than about 2 s (REQUEST_WORK_LIMIT_S in settings): roster solves, imports, press kits and
# backups run in the task worker (`manage.py run_worker`), so a request still running after 30 s is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
