"""Pages of media tours (stages, visits and their itinerary, invitations and RSVP, attendance, coverage, the press
kit, matchmaking) and of export meetings (participants, partners, leads and export results).

Scope comes from core.scoping through services: a stage outside the user's sight is 404, a visible stage the user
may not organise is 403 for the organiser's actions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from rownaq.cases.models import Case
from rownaq.core import scoping
from rownaq.core.excel import Column
from rownaq.core.persian import to_persian_digits
from rownaq.core.views import ScopedDetailView, ScopedHistoryView, ScopedListView
from rownaq.registry.models import Organisation
from rownaq.reporting import publication

from . import services
from .filters import ExportMeetingFilter, TourFilter
from .forms import (
    BookingForm,
    ConsentForm,
    CoverageForm,
    ExportMeetingForm,
    InvitationForm,
    LeadForm,
    LeadStatusForm,
    ParticipantForm,
    PartnerForm,
    SlotsForm,
    StageForm,
    TourForm,
    VisitForm,
)
from .models import (
    Coverage,
    ExportMeeting,
    FactSheetConsent,
    ForeignPartner,
    Invitation,
    Lead,
    MatchMeeting,
    Tour,
    TourStage,
    Visit,
)

FORM_ERROR = "فرم خطا دارد؛ موارد مشخص‌شده را اصلاح کنید. چیزی ذخیره نشد."


def stage_or_404(request, pk, organise: bool = False) -> TourStage:
    """The stage if the user may see it (404 otherwise); with organise=True, 403 unless they organise it."""
    stage = get_object_or_404(services.visible_stages(request.user).select_related("tour__province", "estate"), pk=pk)
    if organise and not services.may_organise(request.user, stage):
        raise PermissionDenied
    return stage


def back(request, default: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


class TitleSearchListView(ScopedListView):
    """A scoped list whose free-text search looks in the title (these models keep no search key)."""

    def get_queryset(self):
        queryset = scoping.restrict(self.base_queryset(), self.request.user, scoping.VIEW)
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
            queryset = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else queryset
        text = self.request.GET.get("q", "").strip()
        if text:
            queryset = queryset.filter(title__icontains=text)
        return queryset.order_by(*self.sort_fields())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = services.organiser_provinces(self.request.user).exists()
        return context


class OrganiserFormView(LoginRequiredMixin, View):
    """Create (no pk) or edit a tour or an export meeting: creating needs a province the user organises, editing
    needs the change right on the object."""

    model = None
    form_class = None
    template_name = ""

    def get_object(self):
        if "pk" not in self.kwargs:
            if not services.organiser_provinces(self.request.user).exists():
                raise PermissionDenied
            return None
        return scoping.get_scoped_or_404(
            self.model.objects.all(), self.request.user, scoping.CHANGE, pk=self.kwargs["pk"]
        )

    def render_form(self, form, obj, status=200):
        return render(self.request, self.template_name, {"form": form, "object": obj}, status=status)

    def get(self, request, pk=None):
        obj = self.get_object()
        return self.render_form(self.form_class(instance=obj, user=request.user), obj)

    def post(self, request, pk=None):
        obj = self.get_object()
        form = self.form_class(request.POST, instance=obj, user=request.user)
        if not form.is_valid():
            messages.error(request, FORM_ERROR)
            return self.render_form(form, obj)
        with transaction.atomic():
            saved = form.save(commit=False)
            if obj is None and hasattr(saved, "created_by"):
                saved.created_by = request.user
            saved.save()
            form.save_m2m()
        messages.success(request, f"«{saved}» ذخیره شد.")
        return redirect(saved.get_absolute_url())


# ---------------------------------------------------------------- tours


class TourListView(TitleSearchListView):
    model = Tour
    filterset_class = TourFilter
    template_name = "events/tour_list.html"
    sort_options = {"created": ("-created_at",), "title": ("title",)}
    export_columns = [
        Column("عنوان", lambda t: t.title, 40),
        Column("استان", lambda t: t.province.name),
        Column("مراحل", lambda t: t.stages.count(), 8),
        Column("ایجاد", lambda t: t.created_at),
    ]
    export_title = "تورهای رسانه‌ای"
    export_filename = "rownaq-tours.xlsx"

    def base_queryset(self):
        return Tour.objects.select_related("province").prefetch_related("stages__estate")


class TourFormView(OrganiserFormView):
    model = Tour
    form_class = TourForm
    template_name = "events/tour_form.html"


class TourDetailView(ScopedDetailView):
    model = Tour
    template_name = "events/tour_detail.html"

    def base_queryset(self):
        return Tour.objects.select_related("province", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stages"] = self.object.stages.select_related("estate").prefetch_related("visits", "invitations")
        return context


class TourHistoryView(ScopedHistoryView):
    model = Tour


# ---------------------------------------------------------------- stages and their itinerary


class StageFormView(LoginRequiredMixin, View):
    template_name = "events/stage_form.html"

    def objects(self, request, kwargs):
        if "tour_pk" in kwargs:
            tour = scoping.get_scoped_or_404(Tour.objects.all(), request.user, scoping.CHANGE, pk=kwargs["tour_pk"])
            return tour, None
        stage = scoping.get_scoped_or_404(
            TourStage.objects.select_related("tour"), request.user, scoping.CHANGE, pk=kwargs["pk"]
        )
        return stage.tour, stage

    def render_form(self, form, tour, stage):
        return render(self.request, self.template_name, {"form": form, "tour": tour, "object": stage})

    def get(self, request, **kwargs):
        tour, stage = self.objects(request, kwargs)
        initial = (
            {} if stage else {"number": services.next_stage_number(tour), "start_time": "08:00", "end_time": "16:00"}
        )
        return self.render_form(StageForm(instance=stage, tour=tour, user=request.user, initial=initial), tour, stage)

    def post(self, request, **kwargs):
        tour, stage = self.objects(request, kwargs)
        form = StageForm(request.POST, instance=stage or TourStage(tour=tour), tour=tour, user=request.user)
        if not form.is_valid():
            messages.error(request, FORM_ERROR)
            return self.render_form(form, tour, stage)
        stage = services.save_stage(form, schedule_stale=form.has_changed() and "pk" in kwargs)
        messages.success(request, f"«{stage}» ذخیره شد.")
        return redirect(stage.get_absolute_url())


class StageDetailView(LoginRequiredMixin, View):
    template_name = "events/stage_detail.html"

    def get(self, request, pk):
        stage = stage_or_404(request, pk)
        return render(request, self.template_name, stage_context(request, stage))


def stage_context(request, stage: TourStage, **forms) -> dict:
    user = request.user
    organiser = services.may_organise(user, stage)
    access = scoping.access_of(user)
    visits = list(stage.visits.select_related("organisation").order_by("position", "organisation__name"))
    invitations = stage.invitations.select_related("organisation", "user")
    if not organiser:
        invitations = invitations.filter(pk__in=services.invitations_for(user).values("pk"))
    coverage = stage.coverage.select_related("outlet")
    if not organiser:
        coverage = coverage.filter(pk__in=scoping.restrict(Coverage.objects.all(), user).values("pk"))
    outlets = services.coverage_outlets(user, stage)
    own_units = [v.organisation for v in visits if v.organisation_id in access.organisation_ids]
    return {
        "stage": stage,
        "object": stage,
        "organiser": organiser,
        "visits": visits,
        "invitations": invitations,
        "coverage": coverage,
        "visit_form": forms.get("visit_form")
        or (VisitForm(stage=stage, user=user, prefix="visit") if organiser else None),
        "invitation_form": forms.get("invitation_form")
        or (InvitationForm(stage=stage, user=user, prefix="invite") if organiser else None),
        "coverage_form": forms.get("coverage_form")
        or (CoverageForm(stage=stage, user=user, prefix="coverage") if outlets.exists() else None),
        "own_units": own_units,
        "matchmaking": organiser or bool(services.bookable_parties(user, stage)),
        "rsvp_choices": [(Invitation.Rsvp.YES, "می‌آیم"), (Invitation.Rsvp.NO, "نمی‌آیم")],
    }


class StagePlanView(LoginRequiredMixin, View):
    def post(self, request, pk):
        stage = stage_or_404(request, pk, organise=True)
        plan = services.plan_itinerary(stage)
        if plan.feasible:
            messages.success(request, "ترتیب و زمان بازدیدها چیده شد.")
        else:
            messages.error(request, "برنامه‌ریزی مسیر ممکن نشد؛ دلیل‌ها زیر «برنامهٔ بازدید» آمده است.")
        return redirect(stage.get_absolute_url())


class StageScheduleView(LoginRequiredMixin, View):
    """The day's programme on one printable page."""

    def get(self, request, pk):
        stage = stage_or_404(request, pk)
        visits = stage.visits.select_related("organisation").order_by("position", "organisation__name")
        return render(request, "events/stage_schedule.html", {"stage": stage, "visits": visits})


class VisitCreateView(LoginRequiredMixin, View):
    def get(self, request, pk):
        stage = stage_or_404(request, pk, organise=True)
        form = VisitForm(stage=stage, user=request.user, prefix="visit")
        return render(request, "events/visit_form.html", {"form": form, "stage": stage})

    def post(self, request, pk):
        stage = stage_or_404(request, pk, organise=True)
        form = VisitForm(request.POST, instance=Visit(stage=stage), stage=stage, user=request.user, prefix="visit")
        if not form.is_valid():
            messages.error(request, FORM_ERROR)
            return render(request, "events/visit_form.html", {"form": form, "stage": stage})
        visit = services.save_visit(form)
        messages.success(request, f"بازدید از «{visit.organisation}» افزوده شد.")
        return redirect(stage.get_absolute_url())


class VisitEditView(LoginRequiredMixin, View):
    def get_visit(self, request, pk):
        return scoping.get_scoped_or_404(
            Visit.objects.select_related("stage", "organisation"), request.user, scoping.CHANGE, pk=pk
        )

    def get(self, request, pk):
        visit = self.get_visit(request, pk)
        return render(
            request,
            "events/visit_form.html",
            {
                "form": VisitForm(instance=visit, stage=visit.stage, user=request.user, prefix="visit"),
                "stage": visit.stage,
                "object": visit,
            },
        )

    def post(self, request, pk):
        visit = self.get_visit(request, pk)
        form = VisitForm(request.POST, instance=visit, stage=visit.stage, user=request.user, prefix="visit")
        if not form.is_valid():
            messages.error(request, FORM_ERROR)
            return render(request, "events/visit_form.html", {"form": form, "stage": visit.stage, "object": visit})
        services.save_visit(form)
        messages.success(request, f"بازدید از «{visit.organisation}» ذخیره شد.")
        return redirect(visit.stage.get_absolute_url())


class VisitDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        visit = scoping.get_scoped_or_404(
            Visit.objects.select_related("stage", "organisation"), request.user, scoping.CHANGE, pk=pk
        )
        services.delete_visit(visit)
        messages.success(request, f"بازدید از «{visit.organisation}» حذف شد.")
        return redirect(visit.stage.get_absolute_url())


class PressKitView(LoginRequiredMixin, View):
    """The stage's press kit: a copy drawn for this user in the last few minutes is served; otherwise it is drawn
    as a task and the user waits on the job's page, which links back here when it is ready."""

    FRESH = dt.timedelta(minutes=10)

    def get(self, request, pk):
        from django.http import FileResponse
        from django.utils import timezone

        from rownaq.core import jobs
        from rownaq.core.models import Job

        from .tasks import build_press_kit, press_kit_path

        stage = stage_or_404(request, pk)
        mine = Job.objects.filter(
            subject=jobs.subject_of(stage), created_by=request.user, kind=build_press_kit.module_path
        )
        ready = mine.filter(status=Job.Status.DONE, finished_at__gte=timezone.now() - self.FRESH).first()
        if ready is not None and press_kit_path(ready.pk).exists():
            response = FileResponse(press_kit_path(ready.pk).open("rb"), content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="rownaq-press-kit-{stage.pk}.pdf"'
            return response
        job = mine.filter(status__in=[Job.Status.WAITING, Job.Status.RUNNING]).first() or jobs.start(
            build_press_kit,
            stage.pk,
            title=f"بستهٔ خبری «{stage}»",
            user=request.user,
            subject=jobs.subject_of(stage),
            url=request.path,
        )
        return redirect(job.get_absolute_url())


# ---------------------------------------------------------------- invitations, RSVP, attendance, coverage


class InvitationCreateView(LoginRequiredMixin, View):
    def post(self, request, pk):
        stage = stage_or_404(request, pk, organise=True)
        form = InvitationForm(request.POST, stage=stage, user=request.user, prefix="invite")
        if not form.is_valid():
            messages.error(request, FORM_ERROR)
            return render(
                request, "events/stage_detail.html", stage_context(request, stage, invitation_form=form), status=400
            )
        data = form.cleaned_data
        try:
            invitation = services.invite(
                stage,
                role=data["role"],
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                user=data["username"],
                base_url=request.build_absolute_uri("/"),
                mobile=data["mobile"],
                invited_by=request.user,
            )
        except services.EventError as exc:
            form.add_error(None, str(exc))
            return render(
                request, "events/stage_detail.html", stage_context(request, stage, invitation_form=form), status=400
            )
        sent = "و رایانامهٔ دعوت فرستاده شد" if invitation.email else "(رایانامه‌ای ثبت نشده است)"
        if data["mobile"]:
            sent += f" و به عضویت «{invitation.organisation}» هم دعوت شد"
        messages.success(request, f"«{invitation.name}» دعوت شد {sent}.")
        return redirect(stage.get_absolute_url() + "#invitations")


class InvitationAnswerView(LoginRequiredMixin, View):
    """RSVP by login: the invited user, or a member of the invited organisation, answers."""

    def post(self, request, pk):
        invitation = get_object_or_404(services.invitations_for(request.user).select_related("stage"), pk=pk)
        if not services.may_answer(request.user, invitation):
            raise PermissionDenied
        try:
            services.respond(invitation, request.POST.get("answer", ""))
        except services.EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"پاسخ شما ثبت شد: {invitation.get_rsvp_display()}.")
        return back(request, reverse("events:mine"))


class RsvpView(View):
    """RSVP by the link in the invitation e-mail: no login; the unguessable token is the key."""

    template_name = "events/rsvp.html"

    def get_invitation(self, token):
        return get_object_or_404(Invitation.objects.select_related("stage__tour", "stage__estate"), token=token)

    def get(self, request, token):
        invitation = self.get_invitation(token)
        return render(request, self.template_name, {"invitation": invitation, "stage": invitation.stage})

    def post(self, request, token):
        invitation = self.get_invitation(token)
        try:
            services.respond(invitation, request.POST.get("answer", ""))
        except services.EventError as exc:
            return render(
                request,
                self.template_name,
                {"invitation": invitation, "stage": invitation.stage, "error": str(exc)},
                status=400,
            )
        return render(
            request, self.template_name, {"invitation": invitation, "stage": invitation.stage, "answered": True}
        )


class AttendanceView(LoginRequiredMixin, View):
    template_name = "events/attendance.html"

    def get(self, request, pk):
        stage = stage_or_404(request, pk, organise=True)
        return render(
            request,
            self.template_name,
            {"stage": stage, "invitations": stage.invitations.select_related("organisation")},
        )

    def post(self, request, pk):
        stage = stage_or_404(request, pk, organise=True)
        present = {int(value) for value in request.POST.getlist("present") if value.isdigit()}
        services.record_attendance(stage, present)
        messages.success(request, "حضور و غیاب ثبت شد.")
        return redirect(reverse("events:attendance", args=[stage.pk]))


class CoverageCreateView(LoginRequiredMixin, View):
    def post(self, request, pk):
        stage = stage_or_404(request, pk)
        if not services.coverage_outlets(request.user, stage).exists():
            raise PermissionDenied
        form = CoverageForm(request.POST, stage=stage, user=request.user, prefix="coverage")
        if form.is_valid():
            try:
                services.add_coverage(stage, **form.cleaned_data)
            except services.EventError as exc:
                form.add_error("published_on", str(exc))
        if form.errors:
            messages.error(request, FORM_ERROR)
            return render(
                request, "events/stage_detail.html", stage_context(request, stage, coverage_form=form), status=400
            )
        messages.success(request, "پوشش خبری ثبت شد.")
        return redirect(stage.get_absolute_url() + "#coverage")


class MineView(LoginRequiredMixin, View):
    """What a journalist, a unit or an invited company has in tours: invitations, visits, meetings, consent."""

    def get(self, request):
        user = request.user
        access = scoping.access_of(user)
        invitations = services.invitations_for(user).select_related("stage__tour", "stage__estate", "organisation")
        visits = (
            scoping.restrict(Visit.objects.all(), user)
            .filter(organisation__in=access.organisation_ids)
            .select_related("stage__tour", "stage__estate", "organisation")
        )
        meetings = (
            scoping.restrict(MatchMeeting.objects.all(), user)
            .filter(status=MatchMeeting.Status.CONFIRMED)
            .select_related("slot__stage", "requester", "counterpart")
        )
        units = (
            Organisation.objects.filter(pk__in=access.organisation_ids)
            .exclude(kind__in=[Organisation.Kind.MEDIA, Organisation.Kind.AGENCY])
            .order_by("name")
        )
        return render(
            request,
            "events/mine.html",
            {
                "invitations": invitations.order_by("-stage__date"),
                "visits": visits.order_by("-stage__date"),
                "meetings": meetings,
                "units": units,
                "rsvp_choices": [(Invitation.Rsvp.YES, "می‌آیم"), (Invitation.Rsvp.NO, "نمی‌آیم")],
            },
        )


class ConsentView(LoginRequiredMixin, View):
    """What a unit agrees to publish in press kits: its members and the staff over it decide."""

    template_name = "events/consent_form.html"

    def objects(self, request, pk):
        organisation = scoping.get_scoped_or_404(Organisation.objects.all(), request.user, scoping.CHANGE, pk=pk)
        consent = FactSheetConsent.objects.filter(organisation=organisation).first()
        return organisation, consent or FactSheetConsent(organisation=organisation)

    def get(self, request, pk):
        organisation, consent = self.objects(request, pk)
        return render(
            request, self.template_name, {"organisation": organisation, "form": ConsentForm(instance=consent)}
        )

    def post(self, request, pk):
        organisation, consent = self.objects(request, pk)
        form = ConsentForm(request.POST, instance=consent)
        if not form.is_valid():
            return render(request, self.template_name, {"organisation": organisation, "form": form}, status=400)
        form.save()
        messages.success(request, f"رضایت انتشار «{organisation}» ذخیره شد.")
        return back(request, reverse("events:consent", args=[organisation.pk]))


# ---------------------------------------------------------------- matchmaking


class MatchmakingView(LoginRequiredMixin, View):
    template_name = "events/matchmaking.html"

    def stage(self, request, pk):
        stage = stage_or_404(request, pk)
        if not (services.may_organise(request.user, stage) or services.bookable_parties(request.user, stage)):
            raise PermissionDenied
        return stage

    def render_page(self, request, stage, form=None, slots_form=None, status=200):
        user = request.user
        organiser = services.may_organise(user, stage)
        pairs = services.suggest_pairs(stage, user)
        meetings = (
            scoping.restrict(MatchMeeting.objects.all(), user)
            .filter(slot__stage=stage, status=MatchMeeting.Status.CONFIRMED)
            .select_related("slot", "requester", "counterpart")
        )
        by_slot = {}
        for meeting in meetings:
            by_slot.setdefault(meeting.slot_id, []).append(meeting)
        slots = [(slot, by_slot.get(slot.pk, []), slot.bookings.count() // 2) for slot in stage.slots.all()]
        units, companies = services.stage_parties(stage)
        return render(
            request,
            self.template_name,
            {
                "stage": stage,
                "organiser": organiser,
                "pairs": pairs,
                "slots": slots,
                "units": units,
                "companies": companies,
                "form": form or BookingForm(stage=stage, user=user),
                "slots_form": slots_form
                or (
                    SlotsForm(initial={"start": stage.start_time, "end": stage.end_time, "length_minutes": 20})
                    if organiser
                    else None
                ),
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render_page(request, self.stage(request, pk))


class BookingView(MatchmakingView):
    def post(self, request, pk):
        stage = self.stage(request, pk)
        form = BookingForm(request.POST, stage=stage, user=request.user)
        if not form.is_valid():
            messages.error(request, FORM_ERROR)
            return self.render_page(request, stage, form=form, status=400)
        data = form.cleaned_data
        try:
            meeting = services.book_for(
                request.user, data["slot"], data["requester"], data["counterpart"], data["topic"]
            )
        except services.EventError as exc:
            messages.error(request, str(exc))
            return self.render_page(request, stage, form=form, status=409)
        messages.success(
            request,
            f"ملاقات «{meeting.requester}» و «{meeting.counterpart}» در نوبت "
            f"{to_persian_digits(str(meeting.slot))} ثبت شد.",
        )
        return redirect(reverse("events:matchmaking", args=[stage.pk]))


class SlotsView(MatchmakingView):
    def post(self, request, pk):
        stage = stage_or_404(request, pk, organise=True)
        form = SlotsForm(request.POST)
        if not form.is_valid():
            messages.error(request, FORM_ERROR)
            return self.render_page(request, stage, slots_form=form, status=400)
        created = services.make_slots(
            stage, form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["length_minutes"]
        )
        messages.success(request, f"{to_persian_digits(created)} نوبت تازه ساخته شد.")
        return redirect(reverse("events:matchmaking", args=[stage.pk]))


class MeetingCancelView(LoginRequiredMixin, View):
    def post(self, request, pk):
        meeting = scoping.get_scoped_or_404(
            MatchMeeting.objects.select_related("slot"), request.user, scoping.CHANGE, pk=pk
        )
        services.cancel_meeting(meeting)
        messages.success(request, "ملاقات لغو شد و نوبت آزاد شد.")
        return back(request, reverse("events:matchmaking", args=[meeting.slot.stage_id]))


# ---------------------------------------------------------------- export meetings


class ExportMeetingListView(TitleSearchListView):
    model = ExportMeeting
    filterset_class = ExportMeetingFilter
    template_name = "events/export_meeting_list.html"
    sort_options = {"date": ("-date",), "title": ("title",), "country": ("country", "-date")}
    export_columns = [
        Column("عنوان", lambda m: m.title, 40),
        Column("کشور هدف", lambda m: m.country, 8),
        Column("تاریخ", lambda m: m.date),
        Column("استان", lambda m: m.province.name),
        Column("محل", lambda m: m.location, 30),
    ]
    export_title = "نشست‌های صادراتی"
    export_filename = "rownaq-export-meetings.xlsx"

    def base_queryset(self):
        return ExportMeeting.objects.select_related("province")


class ExportMeetingFormView(OrganiserFormView):
    model = ExportMeeting
    form_class = ExportMeetingForm
    template_name = "events/export_meeting_form.html"


class ExportMeetingHistoryView(ScopedHistoryView):
    model = ExportMeeting


class ExportMeetingDetailView(LoginRequiredMixin, View):
    template_name = "events/export_meeting_detail.html"

    def get(self, request, pk):
        meeting = scoping.get_scoped_or_404(ExportMeeting.objects.select_related("province"), request.user, pk=pk)
        return render(request, self.template_name, meeting_context(request, meeting))


def meeting_context(request, meeting: ExportMeeting, **forms) -> dict:
    user = request.user
    organiser = services.may_organise(user, meeting)
    leads = scoping.restrict(Lead.objects.all(), user).filter(meeting=meeting).select_related("seller", "buyer", "hs")
    changeable = set(
        scoping.restrict(Lead.objects.filter(meeting=meeting), user, scoping.CHANGE).values_list("pk", flat=True)
    )
    status_form = forms.get("status_form")
    cases_by_lead: dict[int, list] = {}
    for case in scoping.restrict(Case.objects.filter(source_lead__meeting=meeting), user):
        cases_by_lead.setdefault(case.source_lead_id, []).append(case)
    for lead in leads:
        lead.visible_cases = cases_by_lead.get(lead.pk, [])
    rows = [
        (
            lead,
            lead.pk in changeable,
            status_form
            if status_form is not None and status_form.lead_pk == lead.pk
            else LeadStatusForm(
                initial={"status": lead.status, "lost_reason": lead.lost_reason, "next_step": lead.next_step},
                prefix=f"lead{lead.pk}",
            ),
        )
        for lead in leads
    ]
    suppressed = not services.sees_province_figures(user, meeting.province_id)
    return {
        "meeting": meeting,
        "object": meeting,
        "organiser": organiser,
        "organizers": meeting.organizers.order_by("name"),
        "participants": meeting.participants.select_related("organisation").prefetch_related("offered_hs"),
        "partners": meeting.partners.all(),
        "lead_rows": rows,
        "results": services.export_results(meeting, suppressed=suppressed),
        "suppressed": suppressed,
        "legend": publication.legend() if suppressed else "",
        "participant_form": forms.get("participant_form")
        or (ParticipantForm(meeting=meeting, user=user) if organiser else None),
        "partner_form": forms.get("partner_form") or (PartnerForm() if organiser else None),
        "lead_form": forms.get("lead_form") or (LeadForm(meeting=meeting, user=user) if organiser else None),
    }


class MeetingPartView(LoginRequiredMixin, View):
    """Add a participant, a foreign partner or a lead to an export meeting (its organisers only)."""

    part = ""

    def post(self, request, pk):
        meeting = scoping.get_scoped_or_404(ExportMeeting.objects.all(), request.user, scoping.CHANGE, pk=pk)
        if self.part == "participant":
            form = ParticipantForm(request.POST, meeting=meeting, user=request.user)
        elif self.part == "partner":
            form = PartnerForm(request.POST, instance=ForeignPartner(meeting=meeting))
        else:
            form = LeadForm(request.POST, instance=Lead(meeting=meeting), meeting=meeting, user=request.user)
        if not form.is_valid():
            messages.error(request, FORM_ERROR)
            return render(
                request,
                "events/export_meeting_detail.html",
                meeting_context(request, meeting, **{f"{self.part}_form": form}),
                status=400,
            )
        with transaction.atomic():  # a new lead and its seller's notification (notify.receivers) together
            form.save()
        messages.success(request, "ثبت شد.")
        return redirect(meeting.get_absolute_url() + f"#{self.part}s")


class LeadStatusView(LoginRequiredMixin, View):
    """Follow a lead up: a unit for its own leads, or the meeting's organisers."""

    def post(self, request, pk):
        lead = scoping.get_scoped_or_404(Lead.objects.select_related("meeting"), request.user, scoping.CHANGE, pk=pk)
        form = LeadStatusForm(request.POST, prefix=f"lead{lead.pk}")
        form.lead_pk = lead.pk
        if form.is_valid():
            try:
                services.update_lead(lead, **form.cleaned_data)
            except services.EventError as exc:
                form.add_error("lost_reason" if form.cleaned_data["status"] == Lead.Status.LOST else "status", str(exc))
        if form.errors:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return render(
                request,
                "events/export_meeting_detail.html",
                meeting_context(request, lead.meeting, status_form=form),
                status=400,
            )
        messages.success(request, f"وضعیت فرصت «{lead.product}» به «{lead.get_status_display()}» تغییر کرد.")
        return redirect(lead.meeting.get_absolute_url() + "#leads")


class LeadHistoryView(ScopedHistoryView):
    model = Lead
    template_name = "events/lead_history.html"
