"""The press kit is drawn (WeasyPrint) as a task: the stage's page links to it, the user sees the job's page
while it is drawn, then downloads the PDF, kept for a while under a name of the system's own."""

from pathlib import Path

from django.conf import settings

from rownaq.core import jobs

from . import services


def press_kit_path(job_id) -> Path:
    return Path(settings.MEDIA_ROOT) / "presskits" / f"{job_id}.pdf"


@jobs.job_task()
def build_press_kit(progress, stage_id: int) -> dict:
    from .models import TourStage

    stage = TourStage.objects.filter(pk=stage_id).first()
    if stage is None:
        return {"message": "این مرحلهٔ تور حذف شده است."}
    progress.update(stage="چیدن صفحه‌های بستهٔ خبری")
    pdf = services.press_kit_pdf(stage)
    path = press_kit_path(progress.job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    return {"message": "بستهٔ خبری آماده است.", "bytes": len(pdf)}
