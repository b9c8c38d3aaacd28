"""The ``where`` tree (metrics.md 3 and 5): evaluated once per contact, at the as-of instant.

Every leaf is true or false for every contact (never unknown), so ``not`` is plain negation.
Only rows at or before as-of are looked at: conditions describe the contact as of as-of.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from .account import AccountData, is_purchase
from .definitions import custom_range
from .parsing import condition_number, condition_text, parse_field_number
from .timeframes import window

# leaf -> (event type, what its argument names)
EVER_EVENT_LEAVES: dict[str, str] = {
    "opened_email": "email_opened",
    "clicked_email_link": "email_link_clicked",  # names the message, not the URL
    "ever_filled_out_form": "form_submitted",
    "ever_clicked_tracked_link": "tracked_link_clicked",
    "had_message_sent": "message_sent",
    "had_task_sent": "task_sent",
}
SUBSCRIPTION_LEAVES: dict[str, tuple[str, str]] = {
    "subscribed_to_tag": ("tag_added", "tag_removed"),
    "subscribed_to_sequence": ("sequence_added", "sequence_removed"),
}


def matches(ids: set[int | None] | None, object_id: int | None) -> bool:
    """Whether an object id is among the ids a reference resolved to (None = everything)."""
    return ids is None or object_id in ids


class ConditionEvaluator:
    """Evaluates ``where`` trees for the contacts of one account at its as-of instant."""

    def __init__(self, data: AccountData) -> None:
        self.data = data
        self.as_of: datetime = data.as_of
        self.orders_by_contact: dict[int, list[dict[str, Any]]] = {}
        for order in data.orders:
            self.orders_by_contact.setdefault(order["contact_id"], []).append(order)

    def contacts_satisfying(self, where: dict[str, Any] | None) -> set[int]:
        """C: the existing contacts (created at or before as-of) that satisfy the tree."""
        existing = self.data.existing_contact_ids()
        if where is None:
            return set(existing)
        return {c for c in existing if self.evaluate(where, c)}

    def evaluate(self, node: dict[str, Any], contact_id: int) -> bool:
        if "all" in node:
            return all(self.evaluate(child, contact_id) for child in node["all"])
        if "any" in node:
            return any(self.evaluate(child, contact_id) for child in node["any"])
        if "not" in node:
            return not self.evaluate(node["not"], contact_id)
        if "field" in node:
            return self.field_leaf(node, contact_id)
        (leaf, argument), = node.items()
        return self.leaf(leaf, argument, contact_id)

    # --- leaves -------------------------------------------------------------------------------

    def _events(self, contact_id: int) -> list[dict[str, Any]]:
        """The contact's events at or before as-of."""
        return [e for e in self.data.events_by_contact.get(contact_id, [])
                if e["occurred_at"] <= self.as_of]

    def _transactions(self, contact_id: int) -> list[dict[str, Any]]:
        return [t for t in self.data.transactions_by_contact.get(contact_id, [])
                if t["occurred_at"] <= self.as_of]

    def leaf(self, leaf: str, argument: Any, contact_id: int) -> bool:
        if leaf == "contact_exists":
            deleted = self.data.contacts[contact_id]["deleted_at"]
            exists = deleted is None or deleted > self.as_of
            return exists if argument else not exists
        if leaf in EVER_EVENT_LEAVES:
            ids = self.data.object_ids(argument)
            return any(e["event_type"] == EVER_EVENT_LEAVES[leaf] and matches(ids, e["object_id"])
                       for e in self._events(contact_id))
        if leaf in SUBSCRIPTION_LEAVES:
            return self.subscribed(SUBSCRIPTION_LEAVES[leaf], argument, contact_id)
        if leaf == "visited_landing_page":
            return self.visited_landing_page(argument, contact_id)
        if leaf == "has_open_order":
            ids = self.data.object_ids(argument)
            return any(self.order_is_open(o) and matches(ids, o["product_id"])
                       for o in self.orders_by_contact.get(contact_id, []))
        if leaf == "ever_purchased":
            ids = self.data.object_ids(argument)
            return any(is_purchase(t) and matches(ids, t["product_id"])
                       for t in self._transactions(contact_id))
        if leaf == "ever_refunded":  # a refund or chargeback row of the product, any status
            ids = self.data.object_ids(argument)
            return any(t["type"] in ("refund", "chargeback") and matches(ids, t["product_id"])
                       for t in self._transactions(contact_id))
        if leaf == "last_transaction_status":
            transactions = self._transactions(contact_id)
            if not transactions:
                return False
            latest = max(transactions, key=lambda t: (t["occurred_at"], t["transaction_id"]))
            return latest["status"] == argument
        raise ValueError(f"unknown condition {leaf!r}")

    def subscribed(self, types: tuple[str, str], reference: Any, contact_id: int) -> bool:
        """Subscribed now to (one of) the referenced objects: for that object, the last add is
        strictly later than the last removal (no removal: any add)."""
        added, removed = types
        ids = self.data.object_ids(reference)
        last_add: dict[int | None, datetime] = {}
        last_removal: dict[int | None, datetime] = {}
        for event in self._events(contact_id):
            if not matches(ids, event["object_id"]):
                continue
            target = last_add if event["event_type"] == added else (
                last_removal if event["event_type"] == removed else None)
            if target is not None:
                previous = target.get(event["object_id"])
                if previous is None or event["occurred_at"] > previous:
                    target[event["object_id"]] = event["occurred_at"]
        return any(object_id not in last_removal or added_at > last_removal[object_id]
                   for object_id, added_at in last_add.items())

    def visited_landing_page(self, argument: Any, contact_id: int) -> bool:
        """A page_visited event of the page, in the timeframe taken at as-of (any time when the
        timeframe is absent)."""
        if isinstance(argument, dict):
            reference, timeframe = argument.get("page"), argument.get("timeframe")
        else:
            reference, timeframe = argument, None
        ids = self.data.object_ids(reference)
        days = None
        if isinstance(timeframe, str):
            days = window(timeframe, self.data.today, self.data.week_start)
        elif timeframe is not None:
            days = custom_range(timeframe)
        for event in self._events(contact_id):
            if event["event_type"] != "page_visited" or not matches(ids, event["object_id"]):
                continue
            if days is None or days[0] <= event["_day"] <= days[1]:
                return True
        return False

    def order_is_open(self, order: dict[str, Any]) -> bool:
        """Started at or before as-of, and ended after as-of, or not ended and status open."""
        if order["started_at"] > self.as_of:
            return False
        if order["ended_at"] is not None:
            return order["ended_at"] > self.as_of
        return order["status"] == "open"

    def field_leaf(self, node: dict[str, Any], contact_id: int) -> bool:
        """``{field, op, value}`` on the field's current value (metrics.md 5)."""
        raw = self.data.field_values.get((contact_id, node["field"]))
        empty = raw is None or raw.strip() == ""
        op = node["op"]
        if op == "is_empty":
            return empty
        if op == "is_not_empty":
            return not empty
        if empty:
            return op == "ne"
        assert raw is not None
        left_number = parse_field_number(raw)
        right_number = condition_number(node.get("value"))
        left: Decimal | str
        right: Decimal | str
        if op != "contains" and left_number is not None and right_number is not None:
            left, right = left_number, right_number
        else:
            left, right = raw, condition_text(node.get("value"))
        if op == "eq":
            return left == right
        if op == "ne":
            return left != right
        if op == "contains":
            return str(right) in str(left)
        comparisons = {
            "gt": lambda: left > right,  # type: ignore[operator]
            "gte": lambda: left >= right,  # type: ignore[operator]
            "lt": lambda: left < right,  # type: ignore[operator]
            "lte": lambda: left <= right,  # type: ignore[operator]
        }
        return bool(comparisons[op]())
