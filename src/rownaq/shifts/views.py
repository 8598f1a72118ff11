"""Pages of the shift planner: a unit's shifts, posts and workers; rosters (generation, the weekly grid with cells
pinned by hand, per worker and per post, printable); the premium sheet; the three-shift simulator.

Scope comes from core.scoping: a unit or roster outside the user's sight is 404, one they may see but not plan is
403 for planning actions. Every operation goes through shifts.services."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from rownaq.core import scoping
from rownaq.core.excel import Column, xlsx_response
from rownaq.core.jalali import WEEKDAY_NAMES, JalaliMonth
from rownaq.core.persian import to_persian_digits
from rownaq.core.views import ScopedDeleteView, ScopedHistoryView, ScopedListView

from . import capacity, payroll, services, tasks
from .forms import (
    OFF_CHOICE,
    GenerateForm,
    PinForm,
    PostForm,
    RosterEditForm,
    RosterForm,
    ShiftForm,
    WorkerBulkForm,
    WorkerForm,
    WorkerRequestForm,
)
from .models import FRIDAY, Post, Roster, Shift, Worker, WorkerRequest, iranian_weekday

FORM_ERROR = "فرم خطا دارد؛ موارد مشخص‌شده را اصلاح کنید. چیزی ذخیره نشد."


def unit_or_404(request, pk, plan: bool = False):
    """The unit if the user may see it (404 otherwise); with plan=True, 403 unless they may plan its shifts."""
    unit = scoping.get_scoped_or_404(services.unit_queryset(), request.user, scoping.VIEW, pk=pk)
    if plan and not services.may_plan(request.user, unit):
        raise PermissionDenied
    return unit


def roster_or_404(request, pk, plan: bool = False) -> Roster:
    action = scoping.CHANGE if plan else scoping.VIEW
    return scoping.get_scoped_or_404(Roster.objects.select_related("unit"), request.user, action, pk=pk)


def report_planning_error(request, error: services.PlanningError) -> None:
    reasons = getattr(error, "reasons", None) or [str(error)]
    for reason in reasons:
        messages.error(request, reason)


# ---------------------------------------------------------------- units


class HomeView(LoginRequiredMixin, View):
    """The units whose shifts the user may see; a member of a single unit goes straight to it."""

    def get(self, request):
        units = list(services.visible_units(request.user))
        if len(units) == 1 and not scoping.access_of(request.user).is_staff:
            return redirect("shifts:unit", units[0].pk)
        rosters = scoping.restrict(Roster.objects.select_related("unit"), request.user).order_by("-first_date")[:10]
        return render(request, "shifts/home.html", {"units": units, "rosters": rosters})


class UnitView(LoginRequiredMixin, View):
    def get(self, request, pk):
        unit = unit_or_404(request, pk)
        shifts = list(Shift.objects.filter(unit=unit))
        posts = list(Post.objects.filter(unit=unit).prefetch_related("demands"))
        for post in posts:
            table = post.need_table()
            post.need_rows = [{"shift": s, "days": [table.get((s.pk, wd), 0) for wd in range(7)]} for s in shifts]
        workers = list(Worker.objects.filter(unit=unit))
        today = dt.date.today()
        for w in workers:
            w.is_young = w.is_under_18(today)
        rosters = Roster.objects.filter(unit=unit).order_by("-first_date", "-pk")
        return render(
            request,
            "shifts/unit.html",
            {
                "unit": unit,
                "shifts": shifts,
                "posts": posts,
                "workers": workers,
                "rosters": rosters,
                "weekdays": WEEKDAY_NAMES,
                "can_plan": services.may_plan(request.user, unit),
                "young_count": sum(1 for w in workers if w.is_young and w.active),
                "hazardous_count": sum(1 for w in workers if w.hazardous and w.active),
                "active_count": sum(1 for w in workers if w.active),
                "headcount": capacity.headcount_check(unit, sum(1 for w in workers if w.active)),
            },
        )


class UnitRecordFormView(LoginRequiredMixin, View):
    """Create (the unit in the address) or edit (the record's own unit) a shift, post or worker."""

    model = None
    form_class = None
    template_name = "shifts/record_form.html"
    anchor = ""
    title_new = ""
    title_edit = ""

    def objects(self, request, kwargs):
        if "unit_pk" in kwargs:
            return unit_or_404(request, kwargs["unit_pk"], plan=True), None
        obj = scoping.get_scoped_or_404(
            self.model.objects.select_related("unit"), request.user, scoping.CHANGE, pk=kwargs["pk"]
        )
        return obj.unit, obj

    def context(self, form, unit, obj) -> dict:
        return {
            "form": form,
            "unit": unit,
            "object": obj,
            "title": (self.title_edit if obj else self.title_new),
            "anchor": self.anchor,
        }

    def get(self, request, **kwargs):
        unit, obj = self.objects(request, kwargs)
        form = self.form_class(instance=obj, unit=unit, user=request.user)
        return render(request, self.template_name, self.context(form, unit, obj))

    def post(self, request, **kwargs):
        unit, obj = self.objects(request, kwargs)
        form = self.form_class(request.POST, instance=obj, unit=unit, user=request.user)
        if form.is_valid():
            with transaction.atomic():
                saved = form.save()
            messages.success(request, f"«{saved}» ذخیره شد.")
            return self.saved(request, unit, saved)
        messages.error(request, FORM_ERROR)
        return render(request, self.template_name, self.context(form, unit, obj), status=400)

    def saved(self, request, unit, obj):
        return redirect(reverse("shifts:unit", args=[unit.pk]) + self.anchor)


class ShiftFormView(UnitRecordFormView):
    model = Shift
    form_class = ShiftForm
    anchor = "#shifts"
    title_new = "نوبت تازه"
    title_edit = "ویرایش نوبت"


class PostFormView(UnitRecordFormView):
    model = Post
    form_class = PostForm
    template_name = "shifts/post_form.html"
    anchor = "#posts"
    title_new = "پست تازه"
    title_edit = "ویرایش پست"

    def context(self, form, unit, obj):
        return {**super().context(form, unit, obj), "weekdays": WEEKDAY_NAMES}


class WorkerFormView(UnitRecordFormView):
    model = Worker
    form_class = WorkerForm
    template_name = "shifts/worker_form.html"
    anchor = "#workers"
    title_new = "کارگر تازه"
    title_edit = "ویرایش کارگر"

    def context(self, form, unit, obj):
        context = super().context(form, unit, obj)
        if obj is not None:
            context["requests"] = obj.requests.select_related("shift")
            context["request_form"] = context.get("request_form") or WorkerRequestForm(worker=obj)
        return context


class WorkerBulkView(LoginRequiredMixin, View):
    template_name = "shifts/worker_bulk.html"

    def get(self, request, unit_pk):
        unit = unit_or_404(request, unit_pk, plan=True)
        return render(request, self.template_name, {"unit": unit, "form": WorkerBulkForm()})

    def post(self, request, unit_pk):
        unit = unit_or_404(request, unit_pk, plan=True)
        form = WorkerBulkForm(request.POST)
        if not form.is_valid():
            messages.error(request, FORM_ERROR)
            return render(request, self.template_name, {"unit": unit, "form": form}, status=400)
        terms = {name: value for name, value in form.cleaned_data.items() if name != "names"}
        added = services.add_workers(unit, form.cleaned_data["names"], **terms)
        messages.success(request, f"{to_persian_digits(len(added))} کارگر افزوده شد.")
        return redirect(reverse("shifts:unit", args=[unit.pk]) + "#workers")


class WorkerRequestCreateView(LoginRequiredMixin, View):
    def post(self, request, pk):
        worker = scoping.get_scoped_or_404(Worker.objects.select_related("unit"), request.user, scoping.CHANGE, pk=pk)
        form = WorkerRequestForm(request.POST, worker=worker)
        if form.is_valid():
            form.save()
            messages.success(request, "درخواست ثبت شد.")
            return redirect(reverse("shifts:worker-edit", args=[worker.pk]) + "#requests")
        messages.error(request, FORM_ERROR)
        view = WorkerFormView()
        context = view.context(WorkerForm(instance=worker, unit=worker.unit), worker.unit, worker)
        context["request_form"] = form
        return render(request, view.template_name, context, status=400)


class WorkerRequestDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        item = scoping.get_scoped_or_404(
            WorkerRequest.objects.select_related("worker"), request.user, scoping.DELETE, pk=pk
        )
        worker_pk = item.worker_id
        item.delete()
        messages.success(request, "درخواست حذف شد.")
        return redirect(reverse("shifts:worker-edit", args=[worker_pk]) + "#requests")


class UnitRecordDeleteView(ScopedDeleteView):
    anchor = ""

    def get_success_url(self):
        return reverse("shifts:unit", args=[self.object.unit_id]) + self.anchor


class ShiftDeleteView(UnitRecordDeleteView):
    model = Shift
    anchor = "#shifts"


class PostDeleteView(UnitRecordDeleteView):
    model = Post
    anchor = "#posts"


class WorkerDeleteView(UnitRecordDeleteView):
    model = Worker
    anchor = "#workers"


# ---------------------------------------------------------------- rosters


ROSTER_COLUMNS = [
    Column("واحد", lambda r: r.unit.name, 30),
    Column("عنوان", lambda r: str(r), 30),
    Column("از تاریخ", lambda r: r.first_date, 12),
    Column("تا تاریخ", lambda r: r.last_date, 12),
    Column("هفته", lambda r: r.weeks, 8),
    Column("وضعیت", lambda r: r.get_status_display(), 12),
    Column("نفر-نوبت کمبود", lambda r: (r.summary or {}).get("missing"), 12),
]


class RosterListView(ScopedListView):
    model = Roster
    template_name = "shifts/roster_list.html"
    sort_options = {"date": ("-first_date",), "unit": ("unit__name",), "status": ("status",)}
    export_columns = ROSTER_COLUMNS
    export_title = "برنامه‌های نوبت‌کاری"
    export_filename = "rownaq-rosters.xlsx"
    search_field = "unit__search_text"

    def base_queryset(self):
        return Roster.objects.select_related("unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = services.plannable_units(self.request.user).exists()
        return context


class RosterCreateView(LoginRequiredMixin, View):
    template_name = "shifts/roster_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.plannable_units(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def chosen_unit(self, request):
        pk = request.GET.get("unit", "")
        return services.plannable_units(request.user).filter(pk=pk).first() if pk.isdigit() else None

    def get(self, request):
        form = RosterForm(user=request.user, unit=self.chosen_unit(request))
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = RosterForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, FORM_ERROR)
            return render(request, self.template_name, {"form": form}, status=200)
        with transaction.atomic():
            roster = form.save(commit=False)
            roster.created_by = request.user
            roster.save()
        messages.success(request, f"«{roster}» ایجاد شد.")
        if form.cleaned_data.get("generate_now"):
            start_solve(request, roster, time_limit_s=form.cleaned_data.get("time_limit"))
        return redirect(roster.get_absolute_url())


def start_solve(request, roster, time_limit_s=None, new_pin=None, refused: str = ""):
    """Queue the solve (a task: the page shows its progress) and say so; a planning error is shown at once,
    after `refused` (what did not happen)."""
    try:
        job = tasks.start_generate(roster, request.user, time_limit_s=time_limit_s, new_pin=new_pin)
    except services.PlanningError as exc:
        if refused:
            messages.error(request, refused)
        report_planning_error(request, exc)
        return None
    messages.info(request, f"«{job.title}» در صف پردازش است؛ پیشرفت آن همین‌جا نشان داده می‌شود.")
    return job


def week_of(request, roster) -> int:
    try:
        week = int(request.GET.get("week", "1"))
    except ValueError:
        week = 1
    return min(max(week, 1), roster.weeks)


def roster_context(request, roster: Roster, pin_form=None) -> dict:
    week = week_of(request, roster)
    weeks = services.roster_weeks(roster)
    days = weeks[week - 1]
    cells = services.assignments_by_cell(roster)
    workers = list(services.roster_workers(roster))
    rows = []
    for w in workers:
        row = []
        for d in days:
            a = cells.get((w.pk, d))
            row.append({"date": d, "a": a, "friday": iranian_weekday(d) == FRIDAY})
        rows.append(
            {"worker": w, "cells": row, "shifts": sum(1 for d in days if (a := cells.get((w.pk, d))) and a.shift_id)}
        )
    plan_posts = list(Post.objects.filter(unit=roster.unit).prefetch_related("demands"))
    shifts = list(Shift.objects.filter(unit=roster.unit))
    staffed = Counter((a.date, a.shift_id) for a in cells.values() if a.shift_id)
    cover_rows = []
    for s in shifts:
        needed = []
        for d in days:
            required = sum(p.need_table().get((s.pk, iranian_weekday(d)), 0) for p in plan_posts)
            needed.append({"required": required, "staffed": staffed[(d, s.pk)], "short": staffed[(d, s.pk)] < required})
        cover_rows.append({"shift": s, "days": needed})
    can_plan = scoping.can(request.user, scoping.CHANGE, roster)
    fair_rows = services.fair_shares(roster, workers) if roster.status != Roster.Status.DRAFT else []
    if pin_form is None and can_plan:
        initial = {}
        if request.GET.get("worker", "").isdigit():
            initial["worker"] = int(request.GET["worker"])
        if request.GET.get("date"):
            initial["date"] = request.GET["date"]
            a = cells.get((initial.get("worker"), _parse_date(request.GET["date"])))
            if a is not None:
                initial["cell"] = f"{a.post_id}/{a.shift_id}" if a.shift_id else OFF_CHOICE
        pin_form = PinForm(roster=roster, initial=initial)
    return {
        "object": roster,
        "roster": roster,
        "unit": roster.unit,
        "week": week,
        "weeks": list(range(1, roster.weeks + 1)),
        "days": [
            {"date": d, "weekday": WEEKDAY_NAMES[iranian_weekday(d)], "friday": iranian_weekday(d) == FRIDAY}
            for d in days
        ],
        "rows": rows,
        "cover_rows": cover_rows,
        "shifts": shifts,
        "posts": plan_posts,
        "fair_rows": fair_rows,
        "fair_names": services.FAIR_SHARE_NAMES,
        "summary": roster.summary or {},
        "can_plan": can_plan,
        "can_change": can_plan,
        "can_delete": scoping.can(request.user, scoping.DELETE, roster),
        "pin_form": pin_form,
        "generate_form": GenerateForm(),
        "pinned_count": sum(1 for a in cells.values() if a.pinned),
        "pinned": sorted((a for a in cells.values() if a.pinned), key=lambda a: (a.date, a.worker.name)),
        "tab": "grid",
        "roster_posts": plan_posts,
        "solve_job": _solve_job(request, roster),
    }


def _solve_job(request, roster):
    """The roster's solve being run; the last one if it failed or was cancelled in the last hour (its Persian
    reason stays on the page), or ended well in the last two minutes (its summary, above the new roster)."""
    from rownaq.core import jobs
    from rownaq.core.models import Job
    from rownaq.web.views import job_context

    job = jobs.latest_for(jobs.subject_of(roster))
    if job is None or not jobs.may_see(request.user, job):
        return None
    age = (timezone.now() - job.finished_at).total_seconds() if job.finished_at else 0
    if job.finished and not (
        age < 3600
        and job.status in (Job.Status.FAILED, Job.Status.CANCELLED)
        or age < 120
        and job.status == Job.Status.DONE
    ):
        return None
    return {**job_context(job, embed="reload"), "can_cancel": jobs.may_cancel(request.user, job)}


def _parse_date(text: str):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class RosterDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        roster = roster_or_404(request, pk)
        return render(request, "shifts/roster_detail.html", roster_context(request, roster))


class RosterEditView(LoginRequiredMixin, View):
    template_name = "shifts/roster_edit.html"

    def get(self, request, pk):
        roster = roster_or_404(request, pk, plan=True)
        return render(request, self.template_name, {"form": RosterEditForm(instance=roster), "object": roster})

    def post(self, request, pk):
        roster = roster_or_404(request, pk, plan=True)
        form = RosterEditForm(request.POST, instance=roster)
        if form.is_valid():
            form.save()
            messages.success(request, f"«{roster}» ذخیره شد.")
            return redirect(roster.get_absolute_url())
        messages.error(request, FORM_ERROR)
        return render(request, self.template_name, {"form": form, "object": roster}, status=400)


class RosterDeleteView(ScopedDeleteView):
    model = Roster

    def get_success_url(self):
        return reverse("shifts:roster-list")


class RosterHistoryView(ScopedHistoryView):
    model = Roster


def back_to_week(request, roster) -> HttpResponseRedirect:
    week = request.POST.get("week", "")
    url = roster.get_absolute_url()
    if week.isdigit():
        url += f"?week={week}"
    return redirect(url + "#grid")


class RosterGenerateView(LoginRequiredMixin, View):
    def post(self, request, pk):
        roster = roster_or_404(request, pk, plan=True)
        form = GenerateForm(request.POST)
        limit = form.cleaned_data.get("time_limit") if form.is_valid() else None
        start_solve(request, roster, time_limit_s=limit)
        return back_to_week(request, roster)


class RosterPinView(LoginRequiredMixin, View):
    def post(self, request, pk):
        roster = roster_or_404(request, pk, plan=True)
        form = PinForm(request.POST, roster=roster)
        if not form.is_valid():
            messages.error(request, FORM_ERROR)
            return render(
                request, "shifts/roster_detail.html", roster_context(request, roster, pin_form=form), status=400
            )
        data = form.cleaned_data
        start_solve(
            request,
            roster,
            time_limit_s=data.get("time_limit"),
            new_pin=(data["worker"], data["date"], data["shift"], data["post"]),
            refused="این خانه تثبیت نشد؛ چیزی تغییر نکرد.",
        )
        return back_to_week(request, roster)


class RosterUnpinView(LoginRequiredMixin, View):
    def post(self, request, pk):
        roster = roster_or_404(request, pk, plan=True)
        cell = roster.assignments.filter(pk=request.POST.get("assignment") or 0, pinned=True).first()
        if cell is None:
            messages.error(request, "این خانه تثبیت‌شده نیست.")
            return back_to_week(request, roster)
        try:
            services.unpin(roster, cell.worker, cell.date, request.user)
        except services.PlanningError as exc:
            report_planning_error(request, exc)
        else:
            messages.success(request, "تثبیت برداشته شد؛ در حل بعدی این خانه آزاد است.")
        return back_to_week(request, roster)


class RosterStatusView(LoginRequiredMixin, View):
    step = ""

    def post(self, request, pk):
        roster = roster_or_404(request, pk, plan=True)
        try:
            if self.step == "approve":
                services.approve(roster, request.user)
                messages.success(request, "برنامه تأیید شد.")
            else:
                services.reopen(roster, request.user)
                messages.success(request, "برنامه از تأیید خارج شد و دوباره قابل تغییر است.")
        except services.PlanningError as exc:
            report_planning_error(request, exc)
        return redirect(roster.get_absolute_url())


class RosterWorkerView(LoginRequiredMixin, View):
    """One worker's roster, day by day, with hours, nights and Fridays."""

    def get(self, request, pk, worker_pk):
        roster = roster_or_404(request, pk)
        worker = services.roster_workers(roster).filter(pk=worker_pk).first()
        if worker is None:
            from django.http import Http404

            raise Http404
        cells = {a.date: a for a in roster.assignments.filter(worker=worker).select_related("shift", "post")}
        days, minutes, nights, fridays = [], 0, 0, 0
        for d in roster.dates():
            a = cells.get(d)
            worked = a is not None and a.shift_id is not None
            night = worked and a.definition().is_night_work()
            friday = iranian_weekday(d) == FRIDAY
            if worked:
                minutes += a.minutes
                nights += int(night)
                fridays += int(friday)
            days.append(
                {
                    "date": d,
                    "weekday": WEEKDAY_NAMES[iranian_weekday(d)],
                    "a": a,
                    "night": night,
                    "friday": friday,
                    "hours": a.minutes / 60 if worked else None,
                }
            )
        return render(
            request,
            "shifts/roster_worker.html",
            {
                "object": roster,
                "roster": roster,
                "worker": worker,
                "days": days,
                "hours": minutes / 60,
                "nights": nights,
                "fridays": fridays,
                "workers": services.roster_workers(roster),
                "tab": "worker",
                "roster_posts": Post.objects.filter(unit=roster.unit),
            },
        )


class RosterPostView(LoginRequiredMixin, View):
    """One post's roster: who works each shift on each day, against the head-count it needs."""

    def get(self, request, pk, post_pk):
        roster = roster_or_404(request, pk)
        post = Post.objects.filter(unit=roster.unit, pk=post_pk).prefetch_related("demands").first()
        if post is None:
            from django.http import Http404

            raise Http404
        shifts = list(Shift.objects.filter(unit=roster.unit))
        table = post.need_table()
        people = defaultdict(list)
        for a in roster.assignments.filter(post=post).select_related("worker").order_by("worker__name"):
            people[(a.date, a.shift_id)].append(a)
        days = []
        for d in roster.dates():
            wd = iranian_weekday(d)
            cells = []
            for s in shifts:
                required = table.get((s.pk, wd), 0)
                names = people.get((d, s.pk), [])
                cells.append({"shift": s, "required": required, "people": names, "short": len(names) < required})
            days.append({"date": d, "weekday": WEEKDAY_NAMES[wd], "friday": wd == FRIDAY, "cells": cells})
        return render(
            request,
            "shifts/roster_post.html",
            {
                "object": roster,
                "roster": roster,
                "post": post,
                "shifts": shifts,
                "days": days,
                "tab": "post",
                "roster_posts": Post.objects.filter(unit=roster.unit),
            },
        )


class RosterPremiumsView(LoginRequiredMixin, View):
    """Premiums per worker and Jalali month; ?format=xlsx downloads the sheet for payroll."""

    def get(self, request, pk):
        roster = roster_or_404(request, pk)
        if request.GET.get("format") == "xlsx":
            first = JalaliMonth.from_date(roster.first_date).code
            return xlsx_response(payroll.premium_workbook(roster), f"rownaq-premiums-{roster.pk}-{first}.xlsx")
        rows = payroll.premium_rows(roster)
        return render(
            request,
            "shifts/premiums.html",
            {
                "object": roster,
                "roster": roster,
                "rows": rows,
                "tab": "premiums",
                "roster_posts": Post.objects.filter(unit=roster.unit),
                "total": sum((r.total for r in rows), 0),
            },
        )


class SimulatorView(LoginRequiredMixin, View):
    def get(self, request, pk):
        unit = unit_or_404(request, pk)
        return render(request, "shifts/simulator.html", {"unit": unit, "sim": capacity.simulate(unit)})
