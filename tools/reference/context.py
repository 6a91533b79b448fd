"""What every template reads: T, the facts that happened by T (in the view at K), the
organisations at T, σ (over the whole view at K), and the requirement's jurisdiction."""
from dataclasses import dataclass

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

    @classmethod
    def build(cls, events, as_of, offset):
        """The context of a check at T over the effective view."""
        facts = [e for e in events if orgs.happened_by(e, as_of)]
        return cls(as_of, offset, facts, orgs.organisations(facts, as_of), successors.Successors(events))

    def of_type(self, *types):
        """The facts of the given types, in business-date order then seq."""
        return orgs.ordered(e for e in self.facts if e.type in types)

    def province_bound(self, requirement):
        """The jurisdiction of a requirement's directive (None: no bound)."""
        return orgs.jurisdiction(requirement.directive.payload, self.registry)

    def select(self, selector, requirement):
        """The organisations a selector names for a requirement, jurisdiction applied (D1)."""
        return orgs.select(selector, self.registry, self.province_bound(requirement))

    def registered_on(self, slug):
        """The first day of `slug`'s registration at T, or None without a record."""
        org = self.registry.get(slug)
        return org.registered if org else None

    def in_jurisdiction(self, slug, requirement):
        """True when `slug` (an assignment's target, say) lies in the requirement's jurisdiction."""
        return orgs.in_province(slug, self.registry, self.province_bound(requirement))
