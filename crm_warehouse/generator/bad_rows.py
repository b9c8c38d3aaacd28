"""Injection of bad rows (raw_contract.md, "Bad input") after the good data is complete.

Every injected row has exactly one defect, so its quarantine reason is unambiguous: it is a copy of
a good row with a fresh key (so it is no duplicate) and one column spoiled, or an exact / changed
copy of a good row (a `duplicate`). Bad rows are appended after the good rows of each table, so
the good rows are the same (and first in file order) with or without them. Timestamps of every
table become ISO text so that unparseable ones can be written (also in Parquet)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa

from .schema import CONTRACT, KEYS, with_text_timestamps
from .world import rng_for

Row = dict[str, Any]
Report = dict[str, dict[str, int]]

BOGUS_TIMEZONE = "Mars/Olympus_Mons"
UNKNOWN_ACCOUNT = 990_001  # first of the account ids that are in no accounts row
BAD_TIMESTAMPS = ("2024-02-30T10:00:00Z", "2025-13-01T00:00:00Z", "not a date",
                  "2024-06-31T25:61:00Z", "infinity", "10000-01-01T00:00:00Z", "now")
UNKNOWN_EVENT_TYPES = ("page_viewed", "contact_added", "Email_Opened", "purchase")
# Each is wrong in exactly one way (metrics.md section 1).
INVALID_DEFINITIONS: tuple[str, ...] = (
    '{"name": "Broken JSON", "kind": "contacts_who_did", "event": {"type": "form_submitted"',
    '{"name": "Unknown kind", "kind": "median_value", "event": {"type": "page_visited"}, '
    '"timeframe": "today"}',
    '{"name": "From after to", "kind": "contacts_who_did", "event": {"type": "purchased"}, '
    '"timeframe": {"from": "2026-03-31", "to": "2026-01-01"}}',
    '{"name": "No to_event", "kind": "conversion_rate", "from_event": {"type": '
    '"form_submitted"}, "timeframe": "last_30_days"}',
    '{"name": "Bad within", "kind": "conversion_rate", "from_event": {"type": "form_submitted"}, '
    '"to_event": {"type": "purchased"}, "within": "7 fortnights", "timeframe": "this_month"}',
    '{"name": "Unknown trigger", "kind": "times_happened", "event": {"type": "purchase_made"}, '
    '"timeframe": "today"}',
    '{"name": "Unknown condition", "kind": "contacts_who_did", "event": {"type": '
    '"page_visited"}, "where": {"likes_pizza": true}, "timeframe": "today"}',
    '{"name": "Unknown timeframe", "kind": "times_happened", "event": {"type": "call_logged"}, '
    '"timeframe": "last_quarter"}',
    '{"id": "not_this_id", "name": "Id mismatch", "kind": "times_happened", "event": {"type": '
    '"call_logged"}, "timeframe": "today"}',
)
# The required (or chosen) timestamp spoiled for `unparseable timestamp`; tables whose only
# timestamp is part of their key (dashboard_visits) get none: a spoiled key is a missing key.
BAD_TS_COLUMN = {
    "contacts": "created_at", "contact_field_values": "updated_at", "events": "occurred_at",
    "transactions": "occurred_at", "orders": "started_at", "broadcasts": "sent_at",
    "tickets": "created_at", "calendar_events": "starts_at", "bookings": "booked_at",
    "metric_definitions": "deleted_at",
}
# An empty value of a column the contract requires (None) is an invalid value too.
INVALID_VALUES: dict[str, tuple[tuple[str, str | None], ...]] = {
    "objects": (("object_type", None), ("object_type", "Tag")),
    "transactions": (("type", "subscription"), ("status", None)),
    "orders": (("status", "paused"), ("status", "OPEN")),
    "broadcasts": (("channel", "push"), ("channel", "whatsapp")),
    "tickets": (("channel", "phone"), ("channel", "Chat")),
}
NEGATIVE: dict[str, tuple[str, ...]] = {
    "transactions": ("amount", "affiliate_commission"), "objects": ("price", "price"),
}


def _shift(text: str | None, seconds: int) -> str | None:
    if text is None:
        return None
    t = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ") + timedelta(seconds=seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _change(table: str, row: Row) -> Row:
    """A valid value changed in a non-key column (a re-sent copy that differs)."""
    r = dict(row)
    if table == "accounts":
        r["name"] = f"{r['name']} (renamed)"
    elif table == "contacts":
        r["first_name"] = "Changed"
    elif table == "contact_field_values":
        r["value"] = "99" if r["value"] != "99" else "98"
    elif table == "objects":
        r["name"] = f"{r['name']} v2"
    elif table in ("events", "transactions"):
        r["occurred_at"] = _shift(r["occurred_at"], 3600)
    elif table == "orders":
        r["status"] = "completed" if r["status"] != "completed" else "cancelled"
    elif table == "broadcasts":
        r["name"] = f"{r['name']} (resent)"
    elif table == "tickets":
        r["satisfaction"] = 1 if r["satisfaction"] != 1 else 5
    elif table == "calendar_events":
        r["title"] = f"{r['title']} (moved)"
    elif table == "bookings":
        r["cancelled_at"] = r["booked_at"] if r["cancelled_at"] is None else None
    elif table == "metric_definitions":
        d = json.loads(r["definition"])
        d["name"] = f"{d['name']} (edited)"
        r["definition"] = json.dumps(d, separators=(", ", ": "))
    return r


class Injector:
    """Appends bad rows table by table (`inject`), collecting the report."""

    def __init__(self, n_accounts: int, seed: int, per_reason: int = 2) -> None:
        self.tables: dict[str, pa.Table] = {}
        self.seed = seed
        self.k = per_reason
        self.counts: dict[str, Counter[str]] = {}
        self.bogus_account = n_accounts + 1  # the account with an invalid time zone
        self.fresh = 0

    def _fresh_key(self, table: str, row: Row) -> Row:
        """The row under a key no other row has."""
        self.fresh += 1
        r = dict(row)
        key = [k for k in KEYS[table] if k != "account_id"]
        if table == "events":
            r["event_id"] = f"X{self.fresh}"
        elif table == "contact_field_values":
            r["field"] = f"Legacy Field {self.fresh}"
        elif table == "dashboard_visits":
            r["user_id"] = 9_000 + self.fresh
        elif table == "metric_definitions":
            r["metric_id"] = f"app_imported_{self.fresh}"
        else:
            r[key[0]] = 9_000_000 + self.fresh
        return r

    def _sources(self, table: str, rng: np.random.Generator, n: int) -> list[Row]:
        """n good rows to copy (distinct ones while the table has enough)."""
        good = self.tables[table]
        distinct = rng.permutation(good.num_rows)[:n]
        extra = rng.integers(0, good.num_rows, max(0, n - len(distinct)))
        idx = np.concatenate([np.sort(distinct), extra])
        return good.take(pa.array(idx)).to_pylist()[::-1]

    def _bad(self, table: str, reason: str, rows: list[Row], out: list[Row]) -> None:
        out.extend(rows)
        if rows:
            self.counts.setdefault(table, Counter())[reason] += len(rows)

    def rows_for(self, table: str, index: int) -> list[Row]:
        rng = rng_for(self.seed, 99, index)
        k = self.k
        out: list[Row] = []
        if self.tables[table].num_rows == 0:
            return out
        src = self._sources(table, rng, 8 * k + 2 * len(INVALID_DEFINITIONS))

        def take(n: int) -> list[Row]:
            return [src.pop() for _ in range(min(n, len(src)))]

        key = [c for c in KEYS[table] if c != "account_id"]
        if table == "accounts":
            base = take(1)[0]
            self._bad(table, "missing key", [{**base, "account_id": None, "name": "Unkeyed"}], out)
            self._bad(table, "invalid timezone", [{**base, "account_id": self.bogus_account,
                                                   "name": "Bogus Zone Ltd",
                                                   "timezone": BOGUS_TIMEZONE}], out)
        else:
            nulled = [{**self._fresh_key(table, r), key[0] if table != "dashboard_visits"
                       else "user_id": None} for r in take(k)]
            self._bad(table, "missing key", nulled, out)
            unknown = [{**self._fresh_key(table, r), "account_id": UNKNOWN_ACCOUNT + i}
                       for i, r in enumerate(take(k))]
            unknown += [{**r, "account_id": self.bogus_account} for r in take(k)]
            self._bad(table, "unknown account", unknown, out)
        if table in BAD_TS_COLUMN:
            col = BAD_TS_COLUMN[table]
            # rotated by table, so that every bad form appears somewhere
            rows = [{**self._fresh_key(table, r),
                     col: BAD_TIMESTAMPS[(i + k * index) % len(BAD_TIMESTAMPS)]}
                    for i, r in enumerate(take(k))]
            self._bad(table, "unparseable timestamp", rows, out)
        if table == "events":
            rows = [{**self._fresh_key(table, r),
                     "event_type": UNKNOWN_EVENT_TYPES[i % len(UNKNOWN_EVENT_TYPES)]}
                    for i, r in enumerate(take(k))]
            self._bad(table, "unknown event_type", rows, out)
        if table in INVALID_VALUES:
            rows = [{**self._fresh_key(table, r), col: value}
                    for r, (col, value) in zip(take(2), INVALID_VALUES[table], strict=False)]
            self._bad(table, "invalid value", rows, out)
        if table in NEGATIVE:
            rows = []
            for r, col in zip(take(2), NEGATIVE[table], strict=False):
                r = self._fresh_key(table, r)
                if table == "objects":
                    r.update(object_type="product", url=None)
                r[col] = -Decimal("12.50")
                rows.append(r)
            self._bad(table, "negative amount", rows, out)
        if table == "metric_definitions":
            rows = [{**self._fresh_key(table, r), "definition": text, "deleted_at": None}
                    for r, text in zip(take(len(INVALID_DEFINITIONS)), INVALID_DEFINITIONS,
                                       strict=False)]
            self._bad(table, "invalid definition", rows, out)
        copies = take(2 * k)
        half = (len(copies) + 1) // 2
        changed = copies[half:] if table == "dashboard_visits" else \
            [_change(table, r) for r in copies[half:]]
        dups = copies[:half] + changed
        self._bad(table, "duplicate", dups, out)
        return out

    def inject(self, table: str, good: pa.Table) -> pa.Table:
        """The table with timestamps as text and its bad rows appended after the good ones."""
        good = with_text_timestamps(good)
        self.tables[table] = good
        bad = self.rows_for(table, list(CONTRACT).index(table))
        if not bad:
            return good
        return pa.concat_tables([good, pa.Table.from_pylist(bad, schema=good.schema)])

    @property
    def report(self) -> Report:
        return {t: dict(sorted(c.items())) for t, c in sorted(self.counts.items())}
