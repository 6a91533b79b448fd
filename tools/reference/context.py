"""What every template reads: T, the facts that happened by T (in the view at K), the
organisations at T, σ (over the whole view at K), and the requirement's jurisdiction."""
from dataclasses import dataclass, field

import orgs
import successors


@dataclass
class Context:
    """The state one check runs on."""

    as_of: object  # T, a date
    offset: object  # the log's UTC offset (timedelta)
    facts: list  # the events of the view whose business interval ended by T
    registry: dict  # slug -> orgs.Org at T
    sigma: successors.Successors
    cache: dict = field(default_factory=dict)  # of_type results, by types

    @classmethod
    def build(cls, events, as_of, offset):
        """The context of a check at T over the effective view."""
        facts = [e for e in events if orgs.happened_by(e, as_of)]
        return cls(as_of, offset, facts, orgs.organisations(facts, as_of), successors.Successors(events))

    def of_type(self, *types):
        """The facts of the given types, in business-date order then seq (a shared list: do not
        modify it)."""
        if types not in self.cache:
            self.cache[types] = orgs.ordered(e for e in self.facts if e.type in types)
        return self.cache[types]

    def by_field(self, type_, name):
        """The facts of one type indexed by the value of a payload field, each list in
        business-date order then seq."""
        key = (type_, name)
        if key not in self.cache:
            index = {}
            for e in self.of_type(type_):
                index.setdefault(e.payload.get(name), []).append(e)
            self.cache[key] = index
        return self.cache[key]

    def reports_about(self, item_id):
        """The report.submitted facts whose `about` lists `item_id`, in business-date order."""
        if "about" not in self.cache:
            index = {}
            for e in self.of_type("report.submitted"):
                for listed in e.payload.get("about") or []:
                    index.setdefault(listed, []).append(e)
            self.cache["about"] = index
        return self.cache["about"].get(item_id, [])

    def of_holders(self, type_, name, slug):
        """Facts of one type whose field `name` is `slug` or an organisation that may hold its
        duties (σ reachable), in business-date order then seq; callers still check σ."""
        index = self.by_field(type_, name)
        found = [e for holder in self.sigma.reachable(slug) for e in index.get(holder, [])]
        return orgs.ordered(found)

    def province_bound(self, requirement):
        """The jurisdiction of a requirement's directive (None: no bound)."""
        return orgs.jurisdiction(requirement.directive.payload, self.registry)

    def select(self, selector, requirement):
        """The organisations a selector names for a requirement, jurisdiction applied (§3.3);
        by description, not those that had ended by the day the requirement took effect (§3.4)."""
        chosen = orgs.select(selector, self.registry, self.province_bound(requirement))
        if selector is None or "ids" in selector:
            return chosen
        return [s for s in chosen if self.sigma.end_of(s) is None or self.sigma.end_of(s) > requirement.effective_from]

    def registered_on(self, slug):
        """The first day of `slug`'s registration at T, or None without a record."""
        org = self.registry.get(slug)
        return org.registered if org else None

    def in_jurisdiction(self, slug, requirement):
        """True when `slug` (an assignment's target, say) lies in the requirement's jurisdiction."""
        return orgs.in_province(slug, self.registry, self.province_bound(requirement))
