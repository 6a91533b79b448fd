"""Civil dates for the generator: durations added to dates (clamped to month ends, as the
catalogue's durations are), period keys of schedules, and occurred_at texts at a precision."""
import calendar as _cal
import re
from datetime import date, timedelta

DAY = timedelta(days=1)
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def add_months(d: date, months: int) -> date:
    """`d` moved by whole months, the day clamped to the target month's length."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, _cal.monthrange(year, month)[1]))


def add_duration(d: date, duration: str, times: int = 1) -> date:
    """`d` plus `times` × an ISO 8601 date duration (years and months from the anchor)."""
    years, months, weeks, days = (int(x or 0) for x in _DURATION.match(duration).groups())
    return add_months(d, (years * 12 + months) * times) + timedelta(days=(weeks * 7 + days) * times)


def period_key(start: date, months: int) -> str:
    """The catalogue key of an aligned period of `months` months starting on `start`."""
    if months == 12:
        return f"{start.year}"
    if months == 6:
        return f"{start.year}-H{1 if start.month == 1 else 2}"
    if months == 3:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def periods(anchor: date, months: int, until: date):
    """(start, end, key) of the aligned periods from `anchor` whose start is on or before `until`."""
    out = []
    start = anchor
    while start <= until:
        end = add_months(start, months) - DAY
        out.append((start, end, period_key(start, months)))
        start = add_months(start, months)
    return out


def month_last_day(d: date) -> date:
    return date(d.year, d.month, _cal.monthrange(d.year, d.month)[1])


def occurred_text(d: date, precision: str) -> str:
    """`d` written at `precision`: day (2025-07-04), month (2025-07), year (2025) or instant."""
    if precision == "month":
        return f"{d.year}-{d.month:02d}"
    if precision == "year":
        return f"{d.year}"
    if precision == "instant":
        return f"{d.isoformat()}T09:30:00+07:00"
    return d.isoformat()


def last_day(d: date, precision: str) -> date:
    """The last day of the interval that `d` at `precision` covers."""
    if precision == "month":
        return month_last_day(d)
    if precision == "year":
        return date(d.year, 12, 31)
    return d
