"""The seven kinds (metrics.md 2 and 5), one contact at a time.

W is a window of local days; an occurrence is in W when its local day is within W and its
instant is at or before as-of. C is the set of contacts satisfying the metric's ``where`` at
as-of (every existing contact without one). Only contacts that exist at as-of count: events of
anonymous visitors, of contacts missing from ``contacts`` or created after as-of never do.

Value types: int = a count (or "nothing summed" zero), Decimal = money, float = a ratio or an
average; seconds and field numbers are int when whole, else float.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from .account import AccountData, is_purchase
from .conditions import matches
from .definitions import parse_within
from .parsing import averaged_field_number, plain_number
from .timeframes import Window

CENT = Decimal("0.01")


class Occurrence(NamedTuple):
    contact_id: int
    at: datetime
    day: Any  # datetime.date


@dataclass
class MetricResult:
    value: Any
    numerator: Any = None
    denominator: Any = None
    median: Any = None
    # (contact_id, contribution, in_numerator)
    members: list[tuple[int, Any, int]] = field(default_factory=list)


def money_sum(amounts: list[Decimal]) -> int | Decimal:
    """Exact decimal sum to the cent; the int 0 when nothing was summed."""
    if not amounts:
        return 0
    return sum(amounts, Decimal(0)).quantize(CENT)


def ratio(numerator: Any, denominator: int) -> float | None:
    """numerator / denominator as a float; None when the denominator is 0."""
    if denominator == 0:
        return None
    return float(Decimal(numerator) / Decimal(denominator))


def median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def exact_seconds(delta: timedelta) -> Decimal:
    """Elapsed seconds with fractions kept (UTC instants subtracted)."""
    return Decimal(delta.days * 86400 + delta.seconds) + Decimal(delta.microseconds) / 1_000_000


# --- occurrences of a trigger -------------------------------------------------------------------

def occurrences(data: AccountData, trigger: dict[str, Any]) -> list[Occurrence]:
    """Every occurrence of a trigger by an existing contact, at any time (sorted by instant)."""
    existing = set(data.existing_contact_ids())
    kind = trigger["type"]
    found: list[Occurrence] = []
    if kind == "contact_added":
        for contact_id in existing:
            created = data.contacts[contact_id]["created_at"]
            found.append(Occurrence(contact_id, created, data.day(created)))
    elif kind == "purchased":
        ids = data.object_ids(trigger.get("object"))
        for tx in data.transactions:
            if tx["contact_id"] in existing and is_purchase(tx) and matches(ids, tx["product_id"]):
                found.append(Occurrence(tx["contact_id"], tx["occurred_at"], tx["_day"]))
    else:
        ids = data.object_ids(trigger.get("object"))
        detail = trigger.get("detail")
        for event in data.events:
            if (event["contact_id"] in existing and event["event_type"] == kind
                    and matches(ids, event["object_id"])
                    and (detail is None or event["detail"] == detail)):
                found.append(Occurrence(event["contact_id"], event["occurred_at"], event["_day"]))
    return sorted(found, key=lambda o: (o.at, o.contact_id))


def in_w(occurrence: Occurrence, win: Window, as_of: datetime) -> bool:
    return win[0] <= occurrence.day <= win[1] and occurrence.at <= as_of


def by_contact_in_w(found: list[Occurrence], contacts: set[int], win: Window,
                    as_of: datetime) -> dict[int, list[Occurrence]]:
    """The occurrences in W of the contacts in C, per contact, in time order."""
    grouped: dict[int, list[Occurrence]] = defaultdict(list)
    for occurrence in found:
        if occurrence.contact_id in contacts and in_w(occurrence, win, as_of):
            grouped[occurrence.contact_id].append(occurrence)
    return grouped


# --- the kinds ----------------------------------------------------------------------------------

def event_kind(kind: str, found: list[Occurrence], contacts: set[int], win: Window,
               as_of: datetime) -> MetricResult:
    """contacts_who_did, times_happened, avg_times_per_contact."""
    grouped = by_contact_in_w(found, contacts, win, as_of)
    members = [(c, len(grouped[c]), 1) for c in sorted(grouped)]
    who_did = len(members)
    times = sum(count for _c, count, _n in members)
    if kind == "contacts_who_did":
        return MetricResult(who_did, members=members)
    if kind == "times_happened":
        return MetricResult(times, members=members)
    return MetricResult(ratio(times, who_did), times, who_did, members=members)


def conversion_rate(defn: dict[str, Any], starts: list[Occurrence], ends: list[Occurrence],
                    contacts: set[int], win: Window, as_of: datetime) -> MetricResult:
    """Denominator: contacts in C with a from_event in W. For each, the to_events in W strictly
    after their first from_event in W (and within ``within`` of it): once = 1/0, each = count."""
    within = parse_within(defn["within"]) if defn.get("within") is not None else None
    each = defn.get("count", "once") == "each"
    from_w = by_contact_in_w(starts, contacts, win, as_of)
    to_w = by_contact_in_w(ends, contacts, win, as_of)
    members = []
    for contact_id in sorted(from_w):
        first = from_w[contact_id][0].at
        counted = [o for o in to_w.get(contact_id, [])
                   if o.at > first and (within is None or o.at - first <= within)]
        contribution = len(counted) if each else min(len(counted), 1)
        members.append((contact_id, contribution, 1 if counted else 0))
    numerator = sum(c for _id, c, _n in members)
    denominator = len(members)
    return MetricResult(ratio(numerator, denominator), numerator, denominator, members=members)


def avg_time_between(defn: dict[str, Any], starts: list[Occurrence], ends: list[Occurrence],
                     contacts: set[int], win: Window, as_of: datetime) -> MetricResult:
    """Over contacts in C whose first from_event in W is followed (strictly later, within
    ``within``) by a to_event in W: mean and median of the seconds to the first such to_event."""
    within = parse_within(defn["within"]) if defn.get("within") is not None else None
    from_w = by_contact_in_w(starts, contacts, win, as_of)
    to_w = by_contact_in_w(ends, contacts, win, as_of)
    seconds: dict[int, Decimal] = {}
    for contact_id in sorted(from_w):
        first = from_w[contact_id][0].at
        following = [o.at for o in to_w.get(contact_id, [])
                     if o.at > first and (within is None or o.at - first <= within)]
        if following:
            seconds[contact_id] = exact_seconds(min(following) - first)
    members = [(c, plain_number(s), 1) for c, s in sorted(seconds.items())]
    total = sum(seconds.values(), Decimal(0))
    count = len(seconds)
    if count == 0:
        return MetricResult(None, 0, 0, None, members)
    return MetricResult(plain_number(total / count), plain_number(total), count,
                        plain_number(median(list(seconds.values()))), members)


def matching_transactions(data: AccountData, value: dict[str, Any]) -> list[dict[str, Any]]:
    """``sales_of: <product>|any`` (purchases of it) or ``transactions_with_status: s`` (any
    type, that status), by existing contacts, at any time."""
    existing = set(data.existing_contact_ids())
    if "sales_of" in value:
        ids = data.object_ids(value["sales_of"])
        chosen = [t for t in data.transactions if is_purchase(t) and matches(ids, t["product_id"])]
    else:
        chosen = [t for t in data.transactions if t["status"] == value["transactions_with_status"]]
    return [t for t in chosen if t["contact_id"] in existing]


def amounts_in_w(transactions: list[dict[str, Any]], contacts: set[int], win: Window,
                 as_of: datetime) -> dict[int, list[Decimal]]:
    grouped: dict[int, list[Decimal]] = defaultdict(list)
    for tx in transactions:
        if tx["contact_id"] in contacts and win[0] <= tx["_day"] <= win[1] \
                and tx["occurred_at"] <= as_of:
            grouped[tx["contact_id"]].append(tx["amount"])
    return grouped


def total_value(transactions: list[dict[str, Any]], contacts: set[int], win: Window,
                as_of: datetime) -> MetricResult:
    grouped = amounts_in_w(transactions, contacts, win, as_of)
    members = [(c, money_sum(grouped[c]), 1) for c in sorted(grouped)]
    return MetricResult(money_sum([a for c in grouped for a in grouped[c]]), members=members)


def avg_value(data: AccountData, defn: dict[str, Any], transactions: list[dict[str, Any]],
              group: set[int], win: Window, as_of: datetime) -> MetricResult:
    """The group is C; each member's value in W (for ``field``: its current value), 0 when it
    has nothing; value = sum / group size."""
    value = defn["value"]
    members: list[tuple[int, Any, int]] = []
    if "field" in value:
        numbers = {c: averaged_field_number(data.field_values.get((c, value["field"])))
                   or Decimal(0) for c in group}
        members = [(c, plain_number(numbers[c]), 1) for c in sorted(group)]
        total: Any = plain_number(sum(numbers.values(), Decimal(0)))
    else:
        grouped = amounts_in_w(transactions, group, win, as_of)
        members = [(c, money_sum(grouped.get(c, [])), 1) for c in sorted(group)]
        total = money_sum([a for c in grouped for a in grouped[c]])
    return MetricResult(ratio(total, len(group)), total, len(group), members=members)


class MetricEvaluator:
    """Evaluates one metric in one account for any window (the contacts C fixed at as-of)."""

    def __init__(self, data: AccountData, defn: dict[str, Any], contacts: set[int]) -> None:
        self.data, self.defn, self.contacts = data, defn, contacts
        self.kind: str = defn["kind"]
        self.found: list[Occurrence] = []
        self.starts: list[Occurrence] = []
        self.ends: list[Occurrence] = []
        self.transactions: list[dict[str, Any]] = []
        if self.kind in ("contacts_who_did", "times_happened", "avg_times_per_contact"):
            self.found = occurrences(data, defn["event"])
        elif self.kind in ("conversion_rate", "avg_time_between"):
            self.starts = occurrences(data, defn["from_event"])
            self.ends = occurrences(data, defn["to_event"])
        elif "field" not in defn["value"]:
            self.transactions = matching_transactions(data, defn["value"])

    def compute(self, win: Window) -> MetricResult:
        as_of = self.data.as_of
        if self.kind in ("contacts_who_did", "times_happened", "avg_times_per_contact"):
            return event_kind(self.kind, self.found, self.contacts, win, as_of)
        if self.kind == "conversion_rate":
            return conversion_rate(self.defn, self.starts, self.ends, self.contacts, win, as_of)
        if self.kind == "avg_time_between":
            return avg_time_between(self.defn, self.starts, self.ends, self.contacts, win, as_of)
        if self.kind == "total_value":
            return total_value(self.transactions, self.contacts, win, as_of)
        return avg_value(self.data, self.defn, self.transactions, self.contacts, win, as_of)
