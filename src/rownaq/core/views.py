"""Generic scoped views that every app's pages are built from, so that scope is enforced the same way everywhere.

A list page: filters (django-filter), free-text search on normalised Persian, whitelisted sorting, pagination and
an Excel export of exactly what is filtered. Detail, edit and delete pages fetch their object through
core.scoping: outside the user's scope -> 404, visible but not allowed -> 403.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views import View, generic

from . import history, scoping
from .audit import history_for
from .excel import Column, export_list, xlsx_response
from .importing import ImportFileError, check_upload
from .search import search_queryset


class ScopedMixin(LoginRequiredMixin):
    model = None
    action = scoping.VIEW

    def base_queryset(self):
        return self.model._default_manager.all()

    def get_queryset(self):
        return scoping.restrict(self.base_queryset(), self.request.user, scoping.VIEW)

    def get_object(self, queryset=None):
        return scoping.get_scoped_or_404(self.base_queryset(), self.request.user, self.action, pk=self.kwargs["pk"])


class ScopedListView(ScopedMixin, generic.ListView):
    filterset_class = None
    paginate_by = 50
    # sort key in the URL -> order_by fields; the first is the default
    sort_options: dict[str, tuple[str, ...]] = {}
    export_columns: list[Column] = []
    export_title = "فهرست"
    export_filename = "list.xlsx"
    search_field = "search_text"  # the normalised text field that `?q=` searches

    def get_queryset(self):
        queryset = super().get_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
            queryset = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else queryset
        queryset = search_queryset(queryset, self.request.GET.get("q", ""), self.search_field)
        return queryset.order_by(*self.sort_fields())

    def sort_fields(self) -> tuple[str, ...]:
        key = self.request.GET.get("sort", "")
        descending = key.startswith("-")
        fields = self.sort_options.get(key.lstrip("-"))
        if not fields:
            return next(iter(self.sort_options.values()), ("pk",))
        return tuple(("-" + f if descending else f) for f in fields) + ("pk",)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.export_columns:
            return export_list(self.export_title, self.export_columns, self.get_queryset(), self.export_filename)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        params.pop("export", None)
        context.update(
            filter=self.filterset,
            query=self.request.GET.get("q", ""),
            sort=self.request.GET.get("sort", ""),
            querystring_without_page=params.urlencode(),
            export_url="?" + urlencode({**params.dict(), "export": "xlsx"}),
            can_add=scoping.may_add(self.request.user, self.model),
            total_count=context["paginator"].count if context.get("paginator") else len(self.object_list),
        )
        params.pop("sort", None)
        context["querystring_without_sort"] = params.urlencode()
        return context


class ScopedDetailView(ScopedMixin, generic.DetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_change"] = scoping.can(user, scoping.CHANGE, self.object)
        context["can_delete"] = scoping.can(user, scoping.DELETE, self.object)
        return context


class ScopedHistoryView(ScopedMixin, generic.DetailView):
    template_name = "core/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = history.present(history_for(self.object).select_related("parent_content_type")[:500])
        return context


class ScopedDeleteView(ScopedMixin, generic.DeleteView):
    action = scoping.DELETE
    template_name = "core/confirm_delete.html"

    def form_valid(self, form):
        from django.db.models import ProtectedError

        from .deletion import protected_message

        name = str(self.object)
        try:
            with transaction.atomic():
                response = super().form_valid(form)
        except ProtectedError as exc:
            messages.error(self.request, protected_message(self.object, exc))
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, f"«{name}» حذف شد.")
        return response


class ScopedFormView(ScopedMixin, generic.UpdateView):
    """Create (no pk in the URL) or edit a scoped object. Subclasses save through their app's service in
    `save(form)`; the form is given the user so it can limit its choices to the user's scope."""

    creating = False

    def get_object(self, queryset=None):
        if self.creating:
            if not scoping.may_add(self.request.user, self.model):
                raise PermissionDenied
            return None
        self.action = scoping.CHANGE
        return super().get_object(queryset)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def save(self, form):
        return form.save()

    def form_valid(self, form):
        with transaction.atomic():
            self.object = self.save(form)
        messages.success(self.request, f"«{self.object}» ذخیره شد.")
        return HttpResponseRedirect(self.get_success_url())


class ExcelUploadForm(forms.Form):
    """Only renders the file input (the view reads the upload itself): Django's widget gives the Persian picker."""

    file = forms.FileField(
        label="فایل اکسل (xlsx)",
        widget=forms.FileInput(
            attrs={
                "class": "form-control",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )


class ExcelImportView(LoginRequiredMixin, View):
    """Upload -> check (a task: rows read and errors found show as it goes) -> preview -> confirm (a task that
    checks again and writes). Nothing is written unless the whole file is valid; the file is checked again on
    confirm, since the data may have changed meanwhile. The uploaded file is kept until it is applied.

    Subclasses give `model` (whose add right is required), `template_name`, `success_url`, `template_filename`,
    `importer` (the dotted path of a core.importing.Importer) and `sample()` (an example workbook)."""

    model = None
    template_name = ""
    success_url = "/"
    template_filename = "rownaq-import-template.xlsx"
    importer = ""

    def sample(self) -> bytes:
        raise NotImplementedError

    @property
    def session_key(self) -> str:
        return f"import:{self.model._meta.label_lower}"

    def page(self, request, context: dict):
        return render(request, self.template_name, {"upload_form": ExcelUploadForm(), **context})

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scoping.may_add(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def job_of(self, request):
        """The import job named in ?job=, if it is this user's and of this import."""
        from .models import Job

        pk = request.GET.get("job", "")
        try:
            job = Job.objects.filter(pk=uuid.UUID(pk), created_by=request.user).first() if pk else None
        except ValueError:
            return None
        if job is None or job.subject != self.session_key:
            return None
        return job

    def get(self, request):
        if request.GET.get("template"):
            return xlsx_response(self.sample(), self.template_filename)
        from rownaq.web.views import job_context

        job = self.job_of(request)
        context = {}
        if job is not None:
            context = {
                **job_context(job, embed="reload"),
                "can_cancel": True,
                "import_result": job.result if job.status == job.Status.DONE else None,
            }
        return self.page(request, context)

    def post(self, request):
        from . import jobs
        from .tasks import apply_import, check_import, import_upload_path

        if "confirm" in request.POST:
            token = request.POST.get("token", "")
            if (
                not token.isalnum()
                or request.session.get(self.session_key) != token
                or not import_upload_path(token).exists()
            ):
                messages.error(request, "فایل پیش‌نمایش‌شده پیدا نشد؛ دوباره بارگذاری کنید.")
                return redirect(request.path)
            del request.session[self.session_key]
            job = jobs.start(
                apply_import,
                self.importer,
                token,
                request.POST.get("filename", "")[:200],
                request.user.pk,
                title="ثبت ردیف‌های فایل اکسل",
                user=request.user,
                subject=self.session_key,
                url=request.path,
            )
            return redirect(f"{request.path}?job={job.pk}")
        upload = request.FILES.get("file")
        if upload is None:
            return self.page(request, {"file_error": "فایلی انتخاب نشده است."})
        data = upload.read(settings.IMPORT_MAX_BYTES + 1)
        try:
            check_upload(data)  # quick checks of the whole file (size, kind) before it is queued
        except ImportFileError as exc:
            return self.page(request, {"file_error": str(exc)})
        token = uuid.uuid4().hex
        path = import_upload_path(token)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        request.session[self.session_key] = token
        job = jobs.start(
            check_import,
            self.importer,
            token,
            upload.name[:200],
            request.user.pk,
            title=f"بررسی فایل اکسل «{upload.name[:100]}»",
            user=request.user,
            subject=self.session_key,
            url=request.path,
        )
        return redirect(f"{request.path}?job={job.pk}")
