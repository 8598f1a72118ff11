"""A plan's Persian explanations: the Labour Law's rules in words, a roster checked against the Law (and pins
that break it), and why a post's cover falls short on a day (the rule, the day and the post). Pure."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from rownaq.core.jalali import WEEKDAY_NAMES, format_jalali_date

from .labour_law import (
    IRAN_LABOUR_LAW,
    LabourLawRules,
    LawViolation,
    check,
    daily_limit_minutes,
    hours_period,
    most_shifts,
)
from .planning import (
    Cell,
    Pins,
    Plan,
    Setup,
    WorkerSpec,
    contract_minutes,
    fa,
    hours_text,
    iranian_weekday,
    law_worker,
    overtime_allowed,
)
from .problem import OFF


def article(number: str) -> str:
    return f"مادهٔ {fa(number)} قانون کار"


def rule_text(name: str, rules: LabourLawRules = IRAN_LABOUR_LAW) -> str:
    texts = {
        "51": f"بیش از {fa(rules.max_daily_hours)} ساعت کار در روز یا {fa(rules.max_weekly_hours)} ساعت در هفته "
        f"({article('51')})",
        "52": f"کار سخت و زیان‌آور بیش از {fa(rules.hazardous_max_daily_hours)} ساعت در روز یا "
        f"{fa(rules.hazardous_max_weekly_hours)} ساعت در هفته ({article('52')})",
        "57": f"بیش از {fa(rules.shift_worker_max_hours_4_weeks)} ساعت کار در چهار هفتهٔ پیاپی برای کارگر نوبتی "
        f"({article('57')})",
        "62": f"کار بیش از {fa(7 - rules.weekly_rest_days)} روز پیاپی بدون روز استراحت هفتگی ({article('62')})",
        "83": f"کار شبانهٔ کارگر زیر {fa(rules.young_worker_age)} سال ({article('83')})",
        "rest setting": f"استراحت کمتر از {fa(rules.min_rest_between_shifts_hours)} ساعت میان دو نوبت (قاعدهٔ کارگاه)",
        "nights setting": f"بیش از {fa(rules.max_consecutive_nights)} شب کاری پیاپی (قاعدهٔ کارگاه)",
        "59": f"اضافه‌کاری بیش از ساعات قرارداد برای کارگری که اضافه‌کاری برایش مجاز نیست ({article('59')} و "
        f"{article('61')})",
    }
    return texts.get(name, name)


def day_label(setup: Setup, day: int) -> str:
    date = setup.date(day)
    return f"{WEEKDAY_NAMES[iranian_weekday(date)]} {format_jalali_date(date)}"


def describe_violation(plan: Plan, violation: LawViolation) -> str:
    name = plan.worker(violation.worker).name if violation.worker else ""
    when = f"، {day_label(plan.setup, violation.day)}" if violation.day is not None else ""
    return f"«{name}»{when}: {rule_text(violation.article, plan.setup.rules)}."


# ---------------------------------------------------------------- checking a roster


def law_violations(plan: Plan, roster) -> list[LawViolation]:
    """labour_law.check, plus the contract-hours cap for workers who may not work overtime."""
    found = check(plan.definitions, plan.law_workers, roster, plan.setup.rules)
    minutes = {c.id: c.minutes for c in plan.cells.values()}
    for w, lw, line in zip(plan.setup.workers, plan.law_workers, roster):
        if overtime_allowed(lw, [plan.cells[cid] for cid in plan.takes[w.key]], plan.setup.rules):
            continue
        total = sum(minutes[s] for s in line if s is not OFF)
        if total > contract_minutes(w, plan.setup.horizon):
            found.append(LawViolation("59", w.key, None, f"{total / 60:g} h over the horizon"))
    return found


def eligibility_problem(plan: Plan, worker: WorkerSpec, day: int, cid: str) -> str | None:
    """Why this worker may never work this cell on this day (Persian), or None."""
    cell = plan.cells.get(cid)
    if cell is None:
        return "این نوبت یا پست دیگر در فهرست واحد نیست."
    rules = plan.setup.rules
    if cell.post.hazardous and not worker.hazardous:
        return (
            f"پست «{cell.post.name}» سخت و زیان‌آور است و «{worker.name}» برای کار سخت و زیان‌آور ثبت نشده "
            f"است ({article('52')})."
        )
    if worker.hazardous and not cell.post.hazardous:
        return f"«{worker.name}» فقط در پست‌های سخت و زیان‌آور کار می‌کند ({article('52')})."
    if cell.post.skill and cell.post.skill not in worker.skills:
        return f"«{worker.name}» مهارت «{cell.post.skill}» را که پست «{cell.post.name}» لازم دارد ندارد."
    if worker.under_18 and cell.night:
        return f"«{worker.name}» زیر {fa(rules.young_worker_age)} سال است و کار شبانه ندارد ({article('83')})."
    limit = daily_limit_minutes(law_worker(worker), rules)
    if limit is not None and cell.minutes > limit:
        number = "52" if worker.hazardous else "51"
        return (
            f"نوبت «{cell.turn.name}» {hours_text(cell.minutes)} ساعت است و «{worker.name}» بیش از "
            f"{hours_text(limit)} ساعت در روز کار نمی‌کند ({article(number)})."
        )
    if day in worker.days_off:
        return f"«{worker.name}» در {day_label(plan.setup, day)} مرخصی یا روز استراحت دارد."
    return None


def pin_problems(plan: Plan, pins: Pins) -> list[str]:
    """Why these hand-set cells can never be part of a lawful roster (Persian), each cell and then all together."""
    workers = {w.key: w for w in plan.setup.workers}
    problems = []
    for (worker_key, day), cid in sorted(pins.items()):
        worker = workers.get(worker_key)
        if worker is None:
            problems.append("کارگر یکی از خانه‌های تثبیت‌شده دیگر فعال نیست.")
            continue
        if not 0 <= day < plan.setup.horizon:
            problems.append(f"خانهٔ تثبیت‌شدهٔ «{worker.name}» بیرون از بازهٔ برنامه است.")
            continue
        if cid is not None:
            reason = eligibility_problem(plan, worker, day, cid)
            if reason:
                problems.append(reason)
    if problems:
        return problems
    only_pins = [[pins.get((w.key, day)) for day in range(plan.setup.horizon)] for w in plan.setup.workers]
    return [describe_violation(plan, v) for v in law_violations(plan, only_pins)]


# ---------------------------------------------------------------- cover and why it falls short


@dataclass(frozen=True)
class Shortfall:
    day: int
    cell: str
    required: int
    staffed: int

    @property
    def missing(self) -> int:
        return self.required - self.staffed


def shortfalls(plan: Plan, roster) -> list[Shortfall]:
    found = []
    for day in range(plan.setup.horizon):
        counts = Counter(line[day] for line in roster if line[day] is not OFF)
        for cid in plan.cells:
            required = plan.required(day, cid)
            if counts[cid] < required:
                found.append(Shortfall(day, cid, required, counts[cid]))
    return found


def most_shifts_of(plan: Plan, worker: WorkerSpec, minutes: int, night: bool) -> int:
    """labour_law.most_shifts for a worker of the plan, with the contract cap of one who may not work
    overtime."""
    lw = law_worker(worker)
    may_overtime = overtime_allowed(lw, [plan.cells[cid] for cid in plan.takes[worker.key]], plan.setup.rules)
    return most_shifts(
        lw,
        minutes,
        plan.setup.horizon,
        night,
        None if may_overtime else contract_minutes(worker, plan.setup.horizon),
        plan.setup.rules,
    )


def may_work_cell(worker: WorkerSpec, cell: Cell, rules: LabourLawRules) -> bool:
    """Skill and hazard, the night ban under 18 (Art. 83) and the daily limit (Art. 51, 52) let the worker take
    this cell on some day."""
    if not worker.may_take(cell.post) or (worker.under_18 and cell.night):
        return False
    limit = daily_limit_minutes(law_worker(worker), rules)
    return limit is None or cell.minutes <= limit


def cover_reason(plan: Plan, day: int, cid: str, required: int) -> str:
    """Why a post's shift cannot have `required` people on this day: the first rule that leaves too few."""
    cell = plan.cells[cid]
    rules = plan.setup.rules
    skilled = [w for w in plan.setup.workers if w.may_take(cell.post)]
    if len(skilled) < required:
        if cell.post.hazardous:
            who = "کارگر ثبت‌شده برای کار سخت و زیان‌آور"
            if cell.post.skill:
                who += f" با مهارت «{cell.post.skill}»"
        elif cell.post.skill:
            who = f"کارگر با مهارت «{cell.post.skill}»"
        else:
            who = "کارگر"
        return f"فقط {fa(len(skilled))} {who} هست."
    pool = skilled
    if cell.night:
        adults = [w for w in pool if not w.under_18]
        if len(adults) < required:
            return (
                f"از {fa(len(pool))} کارگری که این پست را می‌گیرند فقط {fa(len(adults))} نفر مجاز به کار "
                f"شبانه‌اند؛ کارگران زیر {fa(rules.young_worker_age)} سال کار شبانه ندارند ({article('83')})."
            )
        pool = adults
    fitting = [w for w in pool if (limit := daily_limit_minutes(law_worker(w), rules)) is None or cell.minutes <= limit]
    if len(fitting) < required:
        return (
            f"نوبت {hours_text(cell.minutes)} ساعته است و فقط {fa(len(fitting))} نفر مجاز به کار بیش از "
            f"{fa(rules.max_daily_hours)} ساعت در روزند ({article('51')} و {article('52')})."
        )
    pool = fitting
    present = [w for w in pool if day not in w.days_off]
    if len(present) < required:
        return (
            f"{fa(len(pool) - len(present))} نفر از {fa(len(pool))} کارگر این پست در این روز مرخصی یا روز "
            f"استراحت دارند."
        )
    # Enough people on the day: the whole shifts the Law lets them work over the horizon are the limit. The
    # cells judged together are those only this pool may work, so that the bound never counts on anyone else.
    judged = [
        other
        for other in plan.cells.values()
        if any(may_work_cell(w, other, rules) for w in pool)
        and all(w in pool for w in plan.setup.workers if may_work_cell(w, other, rules))
    ]
    needed = [(other, sum(plan.required(d, other.id) for d in range(plan.setup.horizon))) for other in judged]
    demand = sum(count * other.minutes for other, count in needed)
    only_nights = all(other.night for other, count in needed if count)
    other_posts = {other.post.key for other, count in needed if count} - {cell.post.key}
    shifts_each = [most_shifts_of(plan, w, cell.minutes, only_nights) for w in pool]
    capacity = sum(shifts_each) * cell.minutes
    if demand > capacity:
        binding = Counter(hours_period(law_worker(w), rules)[2] for w in pool).most_common(1)[0][0]
        days, hours, _ = hours_period(
            law_worker(next(w for w in pool if hours_period(law_worker(w), rules)[2] == binding)), rules
        )
        period = "هفته" if days == 7 else f"{fa(days // 7)} هفته"
        per_period = hours * 60 // cell.minutes
        limits = (
            f"{fa(hours)} ساعت در {period} ({article(binding)})، یعنی حداکثر {fa(per_period)} نوبت "
            f"{hours_text(cell.minutes)} ساعته در {period}، حداکثر {fa(7 - rules.weekly_rest_days)} روز کار در "
            f"هفته ({article('62')})"
        )
        if only_nights:
            limits += f" و حداکثر {fa(rules.max_consecutive_nights)} شب پیاپی (قاعدهٔ کارگاه)"
        missing = math.ceil((demand - capacity) / cell.minutes)
        minors = [w for w in skilled if w.under_18] if cell.night else []
        young = (
            (
                f"کارگران زیر {fa(rules.young_worker_age)} سال کار شبانه ندارند ({article('83')}) و "
                f"{fa(len(minors))} نفر از کارگران این پست برای شب به کار نمی‌آیند. "
            )
            if minors
            else ""
        )
        own = {other.id for other, count in needed if count and other.post.key == cell.post.key}
        all_own = {
            c.id
            for c in plan.cells.values()
            if c.post.key == cell.post.key and any(plan.required(d, c.id) for d in range(plan.setup.horizon))
        }
        what = (
            "این پست"
            if own == all_own
            else (f"نوبت «{'، '.join(sorted({plan.cells[c].turn.name for c in own}))}» این پست")
        )
        if other_posts:
            what += " و پست‌های هم‌مهارت آن"
        who = (
            "تنها کارگری که می‌تواند آن را بگیرد حداکثر"
            if len(pool) == 1
            else f"{fa(len(pool))} کارگری که می‌توانند آن را بگیرند روی هم حداکثر"
        )
        return (
            f"{young}{what} در کل برنامه {hours_text(demand)} ساعت کار لازم دارد ولی {who} "
            f"{fa(sum(shifts_each))} نوبت ({hours_text(capacity)} ساعت) کار مجاز "
            f"{'دارد' if len(pool) == 1 else 'دارند'}: {limits}؛ پس دست‌کم {fa(missing)} نوبت بی‌کارگر می‌ماند."
        )
    return (
        f"ساعات مجاز {fa(len(pool))} کارگری که این پست را می‌گیرند روی هم کافی است، ولی روز استراحت هفتگی "
        f"({article('62')})، حداقل {fa(rules.min_rest_between_shifts_hours)} ساعت استراحت میان دو نوبت و سقف "
        f"ساعات هر کارگر در این روز جا نگذاشت؛ با زمان حل بیشتر دوباره بسازید، و اگر کمبود ماند، کارگر بیشتری "
        f"با این مهارت لازم است."
    )


def explain_shortfalls(plan: Plan, found: list[Shortfall], limit: int = 8) -> list[str]:
    """One Persian sentence per post, shift and reason: the first day it falls short, how often, and why."""
    groups: dict[tuple[str, str], list[Shortfall]] = defaultdict(list)
    for item in found:
        reason = cover_reason(plan, item.day, item.cell, item.required)
        groups[(plan.cells[item.cell].post.key, reason)].append(item)
    messages = []
    for (_, reason), items in sorted(groups.items(), key=lambda kv: (kv[1][0].day, kv[0][0])):
        first = items[0]
        cell = plan.cells[first.cell]
        text = (
            f"{day_label(plan.setup, first.day)} — پست «{cell.post.name}»، نوبت «{cell.turn.name}»: "
            f"{fa(first.required)} نفر لازم است و {fa(first.staffed)} نفر گذاشته شد. {reason}"
        )
        if len(items) > 1:
            missing = sum(i.missing for i in items)
            text += (
                f" (کمبود در {fa(len(items))} نوبت از این پست تا {day_label(plan.setup, items[-1].day)}، "
                f"روی هم {fa(missing)} نفر-نوبت)"
            )
        messages.append(text)
    if len(messages) > limit:
        rest = len(messages) - limit
        messages = messages[:limit] + [f"و {fa(rest)} مورد دیگر."]
    return messages


def structural_problems(setup: Setup) -> list[str]:
    problems = []
    if not setup.turns:
        problems.append("هنوز نوبتی برای این واحد تعریف نشده است.")
    if not setup.posts:
        problems.append("هنوز پستی برای این واحد تعریف نشده است.")
    if not setup.workers:
        problems.append("هنوز کارگر فعالی برای این واحد ثبت نشده است.")
    return problems
