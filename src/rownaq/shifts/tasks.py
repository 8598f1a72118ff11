"""Roster solves run as tasks (core.jobs): the page shows the best cost found so far and the time left, the user
may leave and come back, and may cancel (nothing is stored then). Views and the API start one with start_generate."""

import datetime as dt

from rownaq.core import jobs

from . import services


@jobs.job_task(user_errors=(services.PlanningError,))
def solve_roster(
    progress, roster_id: int, time_limit_s: float | None = None, new_pin: list | None = None, seed: int = 0
) -> dict:
    from .models import Post, Roster, Shift, Worker

    roster = Roster.objects.filter(pk=roster_id).first()
    if roster is None:
        raise services.PlanningError("این برنامه در این فاصله حذف شده است.")
    pin = None
    if new_pin is not None:
        worker_id, date, shift_id, post_id = new_pin
        pin = (
            Worker.objects.get(pk=worker_id),
            dt.date.fromisoformat(date),
            Shift.objects.get(pk=shift_id) if shift_id else None,
            Post.objects.get(pk=post_id) if post_id else None,
        )
    solved = services.generate(roster, time_limit_s=time_limit_s, seed=seed, new_pin=pin, progress=progress)
    what = "خانه تثبیت شد و بقیهٔ برنامه دوباره حل شد" if pin else "برنامه ساخته شد"
    return {
        "message": services.solved_message(solved, what),
        "objective": solved.objective,
        "status": solved.status,
        "wall_time": solved.wall_time,
    }


def solve_title(roster, new_pin=None) -> str:
    if new_pin is not None:
        return f"تثبیت یک خانه و حل دوبارهٔ «{roster}»"
    return f"ساخت برنامهٔ «{roster}»"


def start_generate(roster, user=None, time_limit_s: float | None = None, new_pin: tuple | None = None, seed: int = 0):
    """Queue a solve of the roster (generate, as a task) and return its core.Job at once; a roster has one solve
    at a time (a second request gets the running one)."""
    services.check_solve(roster, new_pin)
    subject = jobs.subject_of(roster)
    running = jobs.active_for(subject)
    if running is not None:
        return running
    pin_ids = None
    if new_pin is not None:
        worker, date, shift, post = new_pin
        pin_ids = [worker.pk, date.isoformat(), shift.pk if shift else None, post.pk if post else None]
    return jobs.start(
        solve_roster,
        roster.pk,
        time_limit_s=services.solver_time_limit(time_limit_s),
        new_pin=pin_ids,
        seed=seed,
        title=solve_title(roster, new_pin),
        user=user,
        subject=subject,
        url=roster.get_absolute_url(),
    )
