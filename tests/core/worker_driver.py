"""Run by the worker tests as a separate process on the database DATABASE_URL names (the same one the workers
use): `python tests/core/worker_driver.py COMMAND [ARGS]`, answering JSON on stdout.

    enqueue N SECONDS LOG   queue N sleeper jobs; prints their ids
    jobs                    prints every job (id, status, attempts, error, progress)
    tasks                   prints every task of the queue (id, status, worker_ids)
    cancel ID               asks a job to stop
    workers                 prints the workers seen (worker id, pid)
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rownaq.settings")

import django

django.setup()

from django_tasks_db.models import DBTaskResult  # noqa: E402

from rownaq.core import jobs  # noqa: E402
from rownaq.core.models import Job, WorkerProcess  # noqa: E402
from tests.core.worker_tasks import sleeper  # noqa: E402


def main(command: str, *args: str):
    if command == "enqueue":
        n, seconds, log = int(args[0]), float(args[1]), args[2]
        return [str(jobs.start(sleeper, seconds, log, title=f"sleeper {i}").pk) for i in range(n)]
    if command == "jobs":
        return [
            {
                "id": str(j.pk),
                "status": j.status,
                "attempts": j.attempts,
                "error": j.error,
                "progress": j.progress,
                "task_id": j.task_id,
            }
            for j in Job.objects.order_by("created_at")
        ]
    if command == "tasks":
        return [{"id": str(t.pk), "status": t.status, "worker_ids": t.worker_ids} for t in DBTaskResult.objects.all()]
    if command == "cancel":
        return jobs.request_cancel(Job.objects.get(pk=args[0])).status
    if command == "workers":
        return [{"worker_id": w.worker_id, "pid": w.pid} for w in WorkerProcess.objects.all()]
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:])))
