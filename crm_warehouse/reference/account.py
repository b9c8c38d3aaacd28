"""One account's staged rows, indexed for the per-contact logic of metrics, conditions and
panels. Nothing here mixes two accounts: every index is built from one account's rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from .timeframes import local_day, local_today

PURCHASE_TYPES = frozenset({"sale", "rebill"})
PURCHASE_STATUSES = frozenset({"paid", "refunded"})


def is_purchase(transaction: dict[str, Any]) -> bool:
    """raw_contract.md: type sale or rebill with status paid or refunded."""
    return transaction["type"] in PURCHASE_TYPES and transaction["status"] in PURCHASE_STATUSES


def display_name(contact: dict[str, Any]) -> str | None:
    """First and last name joined by a space (whichever exist), else the email."""
    parts = [p for p in (contact.get("first_name"), contact.get("last_name")) if p]
    return " ".join(parts) if parts else contact.get("email")


@dataclass
class AccountData:
    """The staged rows of one account plus the as-of facts every rule needs."""

    account_id: int
    name: str | None
    tz: ZoneInfo
    week_start: str
    as_of: datetime
    today: date
    contacts: dict[int, dict[str, Any]] = field(default_factory=dict)
    objects: dict[int, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    transactions: list[dict[str, Any]] = field(default_factory=list)
    field_values: dict[tuple[int, str], str | None] = field(default_factory=dict)
    orders: list[dict[str, Any]] = field(default_factory=list)
    broadcasts: list[dict[str, Any]] = field(default_factory=list)
    tickets: list[dict[str, Any]] = field(default_factory=list)
    calendar_events: list[dict[str, Any]] = field(default_factory=list)
    bookings: list[dict[str, Any]] = field(default_factory=list)
    events_by_contact: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    transactions_by_contact: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    def day(self, instant: datetime) -> date:
        return local_day(instant, self.tz)

    def existing_contact_ids(self) -> list[int]:
        """Contacts created at or before as-of (deleted ones included), in id order."""
        return sorted(c for c, row in self.contacts.items() if row["created_at"] <= self.as_of)

    def object_ids(self, reference: Any) -> set[int | None] | None:
        """The object ids a reference matches; None = everything (absent or ``any``).

        A number is an object_id of this account, a string an exact, case-sensitive name.
        """
        if reference is None or reference == "any":
            return None
        if isinstance(reference, bool):
            return set()
        if isinstance(reference, int):
            return {reference} if reference in self.objects else set()
        return {oid for oid, obj in self.objects.items() if obj["name"] == reference}


def _with_day(rows: list[dict[str, Any]], column: str, tz: ZoneInfo) -> list[dict[str, Any]]:
    """Copies of the rows with ``_day`` = the local day of ``column`` (computed once)."""
    return [{**row, "_day": local_day(row[column], tz)} for row in rows]


def build_accounts(staged: dict[str, list[dict[str, Any]]],
                   as_of: datetime) -> dict[int, AccountData]:
    """An AccountData per staged account."""
    accounts: dict[int, AccountData] = {}
    for row in staged["accounts"]:
        tz = ZoneInfo(row["timezone"])
        accounts[row["account_id"]] = AccountData(
            account_id=row["account_id"], name=row["name"], tz=tz,
            week_start=row["week_start"] or "sunday", as_of=as_of,
            today=local_today(as_of, tz),
        )

    def rows_of(table: str) -> dict[int, list[dict[str, Any]]]:
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for item in staged[table]:
            grouped[item["account_id"]].append(item)
        return grouped

    grouped = {t: rows_of(t) for t in staged}
    for account_id, data in accounts.items():
        tz = data.tz
        data.contacts = {c["contact_id"]: c for c in grouped["contacts"].get(account_id, [])}
        data.objects = {o["object_id"]: o for o in grouped["objects"].get(account_id, [])}
        data.events = _with_day(grouped["events"].get(account_id, []), "occurred_at", tz)
        data.transactions = _with_day(
            grouped["transactions"].get(account_id, []), "occurred_at", tz
        )
        data.field_values = {
            (f["contact_id"], f["field"]): f["value"]
            for f in grouped["contact_field_values"].get(account_id, [])
        }
        data.orders = grouped["orders"].get(account_id, [])
        data.broadcasts = grouped["broadcasts"].get(account_id, [])
        data.tickets = grouped["tickets"].get(account_id, [])
        data.calendar_events = grouped["calendar_events"].get(account_id, [])
        data.bookings = grouped["bookings"].get(account_id, [])
        by_contact: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for event in data.events:
            if event["contact_id"] is not None:
                by_contact[event["contact_id"]].append(event)
        data.events_by_contact = dict(by_contact)
        tx_by_contact: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for transaction in data.transactions:
            if transaction["contact_id"] is not None:
                tx_by_contact[transaction["contact_id"]].append(transaction)
        data.transactions_by_contact = dict(tx_by_contact)
    return accounts
