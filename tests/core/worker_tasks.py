"""Tasks for the worker tests (tests/core/test_worker_processes.py), importable by a worker process: each run
writes a line "<job id> <pid>" to a log file, so a test sees which process ran which task, and how often."""

import os
import time

from rownaq.core import jobs


@jobs.job_task(max_attempts=2)
def sleeper(progress, seconds: float, log_path: str) -> dict:
    with open(log_path, "a") as log:
        log.write(f"{progress.job_id} {os.getpid()}\n")
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        progress.update(left=round(end - time.monotonic(), 1))
        progress.check()
        time.sleep(0.05)
    return {"message": "done", "pid": os.getpid()}
