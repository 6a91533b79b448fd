"""Business dates for the reference evaluator: intervals of local days, ISO 8601 durations and
repeating intervals, and how dates are shown.

A business date is a closed interval of local days [first, last], each a `datetime.date`: a
year "1991" covers the year, a month "2021-07" the month, a day itself, and an instant
"2025-03-14T23:30+00:00" the local day it falls on at the log's UTC offset.
"""
import calendar
import datetime as dt
import re
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)

_OCCURRED = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(Z|z|[+-]\d{2}:\d{2}))?)?)?$"
)
_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


@dataclass(frozen=True)
class BusinessDate:
    """A business date: the local days [first, last] and the text as recorded (its precision)."""

    first: dt.date
    last: dt.date
    text: str

    def shown(self):
        """The date at the precision recorded: "1991", "2021-07", or the local day."""
        return self.text if len(self.text) <= 7 else self.first.isoformat()


def parse_offset(text):
    """A UTC offset "+07:00" as a timedelta; ValueError if malformed."""
    m = _OFFSET.match(text)
    if not m:
        raise ValueError(f"bad UTC offset {text!r} (want +HH:MM)")
    sign = -1 if m.group(1) == "-" else 1
    return sign * dt.timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))


def parse_day(text):
    """A YYYY-MM-DD date; ValueError if malformed."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text or ""):
        raise ValueError(f"bad date {text!r}")
    return dt.date.fromisoformat(text)


def business_date(text, offset):
    """The BusinessDate of an occurred_at string, local days at `offset`."""
    m = _OCCURRED.match(text)
    if not m:
        raise ValueError(f"bad occurred_at {text!r}")
    year, month, day, hour, minute, second, zone = m.groups()
    y = int(year)
    if month is None:
        return BusinessDate(dt.date(y, 1, 1), dt.date(y, 12, 31), text)
    mo = int(month)
    if day is None:
        return BusinessDate(dt.date(y, mo, 1), month_end(y, mo), text)
    d = dt.date(y, mo, int(day))
    if hour is None:
        return BusinessDate(d, d, text)
    zone_offset = dt.timedelta(0) if zone in ("Z", "z") else parse_offset(zone)
    moment = dt.datetime(y, mo, int(day), int(hour), int(minute), int(second or 0))
    local = (moment - zone_offset + offset).date()
    return BusinessDate(local, local, text)


def parse_instant(text):
    """An RFC 3339 instant (with Z or an offset) as an aware UTC datetime; ValueError if not."""
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"instant {text!r} has no offset")
    return value.astimezone(dt.timezone.utc)


def end_of_local_day(day, offset):
    """The last millisecond of local day `day` as a UTC instant."""
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone(offset))
    return (start + ONE_DAY - dt.timedelta(milliseconds=1)).astimezone(dt.timezone.utc)


def local_day_of(instant, offset):
    """The local day an aware instant falls on."""
    return (instant + offset).date()


def month_end(year, month):
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class Duration:
    """An ISO 8601 date duration P[nY][nM][nW][nD]."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    def times(self, n):
        """This duration repeated n times (for anchors: period k starts at anchor + k*P)."""
        return Duration(self.years * n, self.months * n, self.weeks * n, self.days * n)

    def add_to(self, day):
        """day + this duration: years and months first, clamped to the month's end, then days."""
        total = day.year * 12 + (day.month - 1) + self.years * 12 + self.months
        y, m = divmod(total, 12)
        m += 1
        moved = dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))
        return moved + dt.timedelta(days=self.weeks * 7 + self.days)

    def subtract_from(self, day):
        """day - this duration, the mirror of add_to."""
        total = day.year * 12 + (day.month - 1) - self.years * 12 - self.months
        y, m = divmod(total, 12)
        m += 1
        moved = dt.date(y, m, min(day.day, calendar.monthrange(y, m)[1]))
        return moved - dt.timedelta(days=self.weeks * 7 + self.days)

    def is_zero(self):
        """True when every part is zero."""
        return not (self.years or self.months or self.weeks or self.days)


def parse_duration(text):
    """A Duration from "P15D", "P1Y6M", ...; ValueError if malformed."""
    m = _DURATION.match(text or "")
    if not m or text == "P":
        raise ValueError(f"bad duration {text!r}")
    return Duration(*(int(g or 0) for g in m.groups()))


@dataclass(frozen=True)
class Schedule:
    """An ISO 8601 repeating interval R[n]/anchor/duration."""

    count: int  # None for unbounded
    anchor: dt.date
    step: Duration

    def period(self, k):
        """The k-th period (k >= 0) as (start, end), end inclusive: no drift, each from the anchor."""
        start = self.step.times(k).add_to(self.anchor)
        end = self.step.times(k + 1).add_to(self.anchor) - ONE_DAY
        return start, end


def parse_schedule(text):
    """A Schedule from "R/2026-01-01/P1Y" or "R4/2025-01-01/P3M"; ValueError if malformed."""
    parts = (text or "").split("/")
    if len(parts) != 3 or not re.match(r"^R(\d*)$", parts[0]):
        raise ValueError(f"bad schedule {text!r}")
    count = int(parts[0][1:]) if parts[0][1:] else None
    step = parse_duration(parts[2])
    if step.is_zero():
        raise ValueError(f"schedule {text!r} has a zero duration")
    return Schedule(count, parse_day(parts[1]), step)


def period_key(start, step):
    """The key of a period starting on `start` of a schedule with duration `step` (§2.6):
    "2026", "2026-H1", "2026-Q3", "2026-03" for calendar periods, else the start date."""
    if start.day == 1 and not step.weeks and not step.days:
        months = (step.years, step.months)
        if months == (1, 0) and start.month == 1:
            return f"{start.year}"
        if months == (0, 6) and start.month in (1, 7):
            return f"{start.year}-H{1 if start.month == 1 else 2}"
        if months == (0, 3) and start.month in (1, 4, 7, 10):
            return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        if months == (0, 1):
            return f"{start.year}-{start.month:02d}"
    return start.isoformat()


def key_span(key):
    """The calendar span [first, last] a period key names ("2026", "2026-H1", "2026-Q3",
    "2026-03"), or None for another key."""
    m = re.match(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$", key or "")
    if not m:
        return None
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        first, months = 1, 12
    elif part[0] == "H":
        first, months = 1 + 6 * (int(part[1]) - 1), 6
    elif part[0] == "Q":
        first, months = 1 + 3 * (int(part[1]) - 1), 3
    else:
        first, months = int(part), 1
        if not 1 <= first <= 12:
            return None
    last = first + months - 1
    return dt.date(year, first, 1), month_end(year, last)


def days_word(n):
    """ "1 day", "2 days"."""
    return f"{n} day" if n == 1 else f"{n} days"
