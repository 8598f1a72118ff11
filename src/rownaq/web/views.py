from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import TemplateView

from rownaq.core import health
from rownaq.core.models import Job
from rownaq.notify.inbox import inbox_for
from rownaq.notify.services import outbox_status
from rownaq.registry.services import registry_summary
from rownaq.reporting import publication


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "web/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inbox"] = inbox_for(self.request.user)
        context["summary"] = registry_summary(self.request.user)
        return context


class HealthView(LoginRequiredMixin, UserPassesTestMixin, TemplateView):
    """The system's health, for administrators."""

    template_name = "web/health.html"

    def test_func(self):
        return self.request.user.is_superuser

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "health": health.report(),
            "outbox": outbox_status(),
            "publication": publication.status(),
        }


def liveness(request):
    """For a load balancer or monitor: 200 when the database answers, 503 otherwise (no details)."""
    ok = health.database()["ok"]
    return HttpResponse("ok" if ok else "database unavailable", status=200 if ok else 503, content_type="text/plain")


def ping(request):
    """The trivial view: the whole middleware stack, no database, no template. The month-end benchmark measures
    every page's cost against it (make bench-load)."""
    return HttpResponse("pong", content_type="text/plain")


def job_context(job, embed: str = "") -> dict:
    """What the job partial shows: its progress in words and numbers, the time left of a solve, its outcome."""
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    from rownaq.core.models import Job

    progress = job.progress or {}
    seconds_left = None
    ends_at = parse_datetime(progress["ends_at"]) if progress.get("ends_at") else None
    if ends_at is not None and job.status == Job.Status.RUNNING:
        seconds_left = max(0, round((ends_at - timezone.now()).total_seconds()))
    ahead = None
    if job.status == Job.Status.WAITING:
        ahead = Job.objects.filter(status=Job.Status.WAITING, created_at__lt=job.created_at).count()
    return {
        "job": job,
        "progress": progress,
        "seconds_left": seconds_left,
        "ahead": ahead,
        "embed": embed,
        "improvements": list(reversed(progress.get("improvements", [])))[:8],
    }


class JobView(LoginRequiredMixin, View):
    """A job's progress and outcome: the whole page, or (htmx) the part that polls itself every second."""

    def get(self, request, pk):
        from rownaq.core import jobs

        job = get_object_or_404(Job, pk=pk)
        if not jobs.may_see(request.user, job):
            raise Http404
        embed = request.GET.get("embed", "")
        context = {**job_context(job, embed), "can_cancel": jobs.may_cancel(request.user, job)}
        if request.headers.get("HX-Request"):
            response = render(request, "web/job_status.html", context)
            if job.finished and embed == "reload":
                response["HX-Refresh"] = "true"  # the page that embeds it shows the outcome (a roster, a preview)
            return response
        return render(request, "web/job.html", context)


class JobCancelView(LoginRequiredMixin, View):
    def post(self, request, pk):
        from rownaq.core import jobs

        job = get_object_or_404(Job, pk=pk)
        if not jobs.may_see(request.user, job):
            raise Http404
        if not jobs.may_cancel(request.user, job):
            raise PermissionDenied
        job = jobs.request_cancel(job)
        context = {**job_context(job, request.GET.get("embed", "")), "can_cancel": True}
        if request.headers.get("HX-Request"):
            return render(request, "web/job_status.html", context)
        return redirect(job.get_absolute_url())


class HealthActionView(LoginRequiredMixin, UserPassesTestMixin, View):
    """Administrators start a backup or a rebuild of the statistics from the health page; both run as tasks."""

    def test_func(self):
        return self.request.user.is_superuser

    def post(self, request, action):
        from rownaq.core import jobs
        from rownaq.core.tasks import backup_now
        from rownaq.reporting.tasks import rebuild_statistics

        if action == "backup":
            job = jobs.start(backup_now, title="پشتیبان‌گیری از کل سامانه", user=request.user)
        elif action == "rebuild-stats":
            job = jobs.start(rebuild_statistics, title="بازسازی آمار از گزارش‌های پذیرفته", user=request.user)
        else:
            raise Http404
        return redirect(job.get_absolute_url())
