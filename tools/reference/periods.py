"""Slots of a periodic duty (spec §2.6, §4.2, §5.1, §5.3): the periods of every part of
`periodic_report` and calendar `recurring_inspection`, and how events are attributed to them
(keys and covering spans; unkeyed events to the first open slot)."""
from dataclasses import dataclass, field

import dates


@dataclass
class Slot:
    """One period of one part: [start, end], its key, due day and the part's parameters."""

    part: int
    start: object
    end: object
    key: str
    due: object
    params: dict
    counted: list = field(default_factory=list)  # events attributed to it

    @property
    def min_count(self):
        """Events needed (values below 1 count as 1)."""
        return max(1, int(self.params.get("min_count", 1)))

    def covered_by(self, key):
        """A keyed event counts for this slot when its key equals the slot's or the
        calendar span its key names contains the slot entirely."""
        if key == self.key:
            return True
        span = dates.key_span(key)
        return span is not None and span[0] <= self.start and self.end <= span[1]


def periods_of(schedule, grace, window_from, window_until, first_full, as_of):
    """§2.6: the (start, end, due) periods of a schedule that exist for [from, until) at T."""
    result = []
    k = 0
    while schedule.count is None or k < schedule.count:
        start, end = schedule.period(k)
        k += 1
        if start > as_of or (window_until is not None and start >= window_until):
            break
        if end < window_from or (first_full and start < window_from):
            continue
        result.append((start, end, grace.add_to(end)))
    return result


def part_periods(requirement, as_of, default_grace, first_period_param=False):
    """[(params, [Slot])] per part (§4.2): a part after an amendment starts at its cut and takes
    only full periods; part i ends where part i+1 starts (or at until)."""
    versions = requirement.versions
    result = []
    for index, version in enumerate(versions):
        params = version.params
        part_from = version.since or requirement.effective_from
        ends = [x for x in (versions[index + 1].since if index + 1 < len(versions) else None,
                            requirement.until) if x is not None]
        first_full = index > 0 or (first_period_param and params.get("first_period") == "first_full")
        schedule = dates.parse_schedule(params["schedule"])
        grace = dates.parse_duration(params.get("grace", default_grace))
        result.append((params, [Slot(index, start, end, dates.period_key(start, schedule.step), due, params)
                                for start, end, due in periods_of(schedule, grace, part_from,
                                                                  min(ends) if ends else None, first_full, as_of)]))
    return result


def slots(requirement, as_of, default_grace):
    """Every slot of a periodic report, in slot order: by start, ties by part then period."""
    every = [slot for _, part in part_periods(requirement, as_of, default_grace, True) for slot in part]
    return sorted(every, key=lambda slot: slot.start)  # stable: ties keep part, then period order


def attribute_unkeyed(slot_list, events, admits):
    """Each unkeyed event, in (first, seq) order, goes to the first slot whose part admits it
    (`admits(event, slot)`), that is still short of min_count, that started on or before the
    event's first day, and whose own or next slot's due day (the later) is on or after it (the
    last slot: no bound)."""
    for event in sorted(events, key=lambda e: (e.when.first, e.seq)):
        day = event.when.first
        for index, slot in enumerate(slot_list):
            if not admits(event, slot) or len(slot.counted) >= slot.min_count or slot.start > day:
                continue
            if index + 1 < len(slot_list) and max(slot.due, slot_list[index + 1].due) < day:
                continue
            slot.counted.append(event)
            break
