"""Reporting tasks: the rebuild of the statistics cells from the accepted reports (a repair tool, from the health
page or `manage.py rebuild_stats`)."""

from rownaq.core import jobs
from rownaq.core.persian import to_persian_digits

from . import stats


@jobs.job_task()
def rebuild_statistics(progress) -> dict:
    progress.update(stage="بازسازی جدول‌های آمار")
    count = stats.rebuild()
    return {"message": f"آمار از {to_persian_digits(count)} گزارش پذیرفته بازسازی شد.", "reports": count}
