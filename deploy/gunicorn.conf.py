"""gunicorn settings for Rownaq: `gunicorn -c deploy/gunicorn.conf.py rownaq.wsgi`.

Threaded workers (gthread): a request spends part of its time waiting for PostgreSQL, and while it waits another
thread of the same process runs; the processes are what use the cores (one Python thread at a time runs in a
process). So one process per core plus one, and a few threads each: on the 2-core server 3 workers x 4 threads,
12 requests in progress at once, in the memory of 3 processes. More threads would only queue inside the workers
for the same 2 cores; fewer processes would leave a core idle while one process waits. Measured with
`make bench-load` (BENCHMARKS.md, "Month-end load").

Each thread keeps its own persistent PostgreSQL connection (CONN_MAX_AGE), so a worker never waits for a connection
another thread holds, and the server holds workers x threads connections (12, well within PostgreSQL's default 100,
with room for the task workers and psql). A connection is checked before it is reused, so a PostgreSQL restart
costs the requests in flight, not the workers. (A psycopg pool per process, DB_POOL_SIZE, is available but off: see
rownaq.settings.)
"""

import multiprocessing
import os

pythonpath = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# No request works more than about 2 s (REQUEST_WORK_LIMIT_S in settings): roster solves, imports, press kits and
# backups run in the task worker (`manage.py run_worker`), so a request still running after 30 s is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# HTTP keep-alive: a gthread worker keeps an idle connection open this long (in its poller, not in a thread). It
# must outlast a client's pause between requests: a client that sends a POST on a connection the server has just
# closed gets no answer (measured with keepalive=5 and users pausing 2-8 s: POSTs lost as "connection closed"). 75 s
# is nginx's own keep-alive timeout.
keepalive = 75
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
