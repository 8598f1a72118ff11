"""Excel columns of the reporting lists."""

from rownaq.core.excel import Column

REPORT_COLUMNS = [
    Column("واحد", lambda r: r.organisation.name, 40),
    Column("شناسه ملی", lambda r: r.organisation.national_id, 14),
    Column("شهرک", lambda r: r.organisation.estate.name if r.organisation.estate else None, 26),
    Column("ماه", lambda r: r.period.code, 10),
    Column("وضعیت", lambda r: r.get_status_display(), 12),
    Column("نوبت کاری", lambda r: r.shifts_worked, 8),
    Column("روزهای کاری", lambda r: r.working_days, 8),
    Column("کارکنان", lambda r: r.employees_total, 10),
    Column("زمان ارسال", lambda r: r.submitted_at, 12),
    Column("هشدارها", lambda r: len(r.warnings or []), 8),
]
