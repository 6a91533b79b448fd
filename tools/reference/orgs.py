"""Organisations at a business date (spec §3.1, §3.3): attributes, status, selectors and
jurisdiction.

An organisation's record at T comes from the facts about it (events that happened by T),
applied in (business date, seq) order, so each attribute keeps the value of the latest fact
that set it. It ends on the first day of a merger that takes it as a source, a `chia` split of
it, or its dissolution. An ended organisation keeps its last attributes.
"""
from dataclasses import dataclass, field

CENTRAL_PROVINCE = "trung-uong"
LIVE = ("active", "suspended")


@dataclass
class Org:
    """An organisation's record at T."""

    slug: str
    registered: object  # registered_on: the business date of its registration
    attrs: dict = field(default_factory=dict)  # kind, level, province, parent, flags, name_vi
    status: str = "active"  # active, suspended, merged, split, dissolved


def happened_by(event, day):
    """True when the event's business interval ends by local day `day`."""
    return event.when.last <= day


def ordered(events):
    """Events in business-date order (first day), then seq."""
    return sorted(events, key=lambda e: (e.when.first, e.seq))


def status_changes(event):
    """(slug, status) pairs an event sets."""
    p = event.payload
    if event.type == "organization.suspended":
        return [(p.get("org_id"), "suspended")]
    if event.type == "organization.reinstated":
        return [(p.get("org_id"), "active")]
    if event.type == "organization.merged":
        return [(s, "merged") for s in p.get("sources", [])]
    if event.type == "organization.split" and p.get("mode") == "chia":
        return [(p.get("source"), "split")]
    if event.type == "organization.dissolved":
        return [(p.get("org_id"), "dissolved")]
    return []


def organisations(events, day):
    """Every organisation with a record at `day` (registered by then), by slug: the facts about
    it applied in (business date, seq) order, so the latest fact setting a value wins."""
    result = {}
    for e in ordered(events):
        if not happened_by(e, day):
            continue
        p = e.payload
        if e.type == "organization.registered":
            attrs = {k: p.get(k) for k in ("name_vi", "kind", "level", "province", "parent")}
            attrs["flags"] = dict(p.get("flags") or {})
            result[p["org_id"]] = Org(p["org_id"], e.when.first, attrs)
        elif e.type == "organization.renamed" and p.get("org_id") in result:
            result[p["org_id"]].attrs["name_vi"] = p.get("new_name_vi")
        elif e.type == "organization.changed" and p.get("org_id") in result:
            attrs = result[p["org_id"]].attrs
            name = p.get("field", "")
            if name.startswith("flags."):
                attrs["flags"][name[len("flags."):]] = p.get("value")
            else:
                attrs[name] = p.get("value")
        for slug, status in status_changes(e):
            if slug in result:
                result[slug].status = status
    return result


def jurisdiction(directive_payload, registry):
    """The province bounding a directive's selectors (§3.3): its issuer's province at T, or None
    (no bound) for a `trung-uong` issuer or an issuer without a record at T."""
    issuer = registry.get((directive_payload.get("doc") or {}).get("issuer_org"))
    province = issuer.attrs.get("province") if issuer else None
    return None if province in (None, CENTRAL_PROVINCE) else province


def matches(selector, org, province_bound):
    """True when a described organisation (a selector with `kind`) matches at T."""
    a = org.attrs
    if a.get("kind") != selector.get("kind"):
        return False
    if "level" in selector and a.get("level") != selector["level"]:
        return False
    province = selector.get("province", province_bound)
    if province is not None and a.get("province") != province:
        return False
    for flag, wanted in (selector.get("flags") or {}).items():
        if flag not in a["flags"] or a["flags"][flag] != wanted:
            return False
    if "under" in selector and a.get("parent") != selector["under"]:
        return False
    return True


def select(selector, registry, province_bound):
    """The slugs an OrgSelector names at T: ids as given (in order), or every organisation
    registered by T (ended ones included) matching the description, by slug."""
    if selector is None:
        return []
    if "ids" in selector:
        return list(selector["ids"])
    return sorted(s for s, org in registry.items() if matches(selector, org, province_bound))


def in_province(slug, registry, province_bound):
    """True when `slug` lies in the jurisdiction at T (always true without a bound)."""
    if province_bound is None:
        return True
    org = registry.get(slug)
    return org is not None and org.attrs.get("province") == province_bound
