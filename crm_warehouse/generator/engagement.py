"""The optional tables around the activity log: broadcasts, tickets and chats, calendar events
with bookings, dashboard visits and app metric definitions."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pyarrow as pa

from .constants import BROADCAST_CHANNELS, CALENDAR_TITLES, TICKET_CHANNELS
from .schema import take_text, to_arrow
from .timeutil import DAY, NULL
from .world import World, rng_for


def broadcasts_table(world: World) -> pa.Table:
    bc, o = world.broadcasts, world.objects
    assert bc is not None and o is not None
    order = np.lexsort((bc.acc, bc.sent))
    return to_arrow("broadcasts", {
        "account_id": bc.acc[order] + 1, "broadcast_id": bc.bid[order],
        "message_id": o.oid[bc.message_row[order]], "name": [bc.name[i] for i in order],
        "channel": take_text(BROADCAST_CHANNELS, bc.channel[order]), "sent_at": bc.sent[order],
    })


def _ids_by_time(acc: np.ndarray, t: np.ndarray, n_accounts: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Row order by time and per-account ids 1.. in that order."""
    order = np.argsort(t, kind="stable")
    a = acc[order]
    by_acc = np.argsort(a, kind="stable")
    starts = np.searchsorted(a[by_acc], np.arange(n_accounts + 1))
    ids = np.empty(len(a), dtype=np.int64)
    ids[by_acc] = np.arange(len(a)) - starts[a[by_acc]] + 1
    return order, ids


def _null_after(t: np.ndarray, end: int) -> np.ndarray:
    return np.where((t != NULL) & (t >= end), NULL, t)


def tickets_table(world: World, per_event: float = 0.0006) -> pa.Table:
    rng, c, plan = rng_for(world.plan.seed, 30), world.contacts, world.plan
    assert c is not None
    per_acc = np.maximum(np.round(plan.n_events * world.weights * per_event), 6).astype(int)
    acc = np.repeat(np.arange(world.n_accounts), per_acc)
    n = len(acc)
    t = world.local_times(rng, acc, np.full(n, plan.start_ts), np.full(n, plan.end_ts))
    row = c.pick_existing(acc, t, rng.random(n))
    cid = np.where((row >= 0) & (rng.random(n) > 0.08), c.cid[np.maximum(row, 0)], NULL)
    chat = rng.random(n) < 0.35
    opened = np.where(rng.random(n) < np.where(chat, 0.96, 0.9),
                      t + np.where(chat, rng.integers(5, 180, n), rng.integers(600, 2 * DAY, n)),
                      NULL)
    closed = np.where((opened != NULL) & (rng.random(n) < 0.85),
                      opened + np.where(chat, rng.integers(120, 3600, n),
                                        rng.integers(1800, 5 * DAY, n)), NULL)
    opened, closed = _null_after(opened, plan.end_ts), _null_after(closed, plan.end_ts)
    closed = np.where(opened == NULL, NULL, closed)
    rated = (closed != NULL) & (rng.random(n) < 0.5)
    score = np.array([1, 2, 3, 4, 5])[np.searchsorted([0.05, 0.12, 0.27, 0.55], rng.random(n))]
    order, ids = _ids_by_time(acc, t, world.n_accounts)
    return to_arrow("tickets", {
        "account_id": acc[order] + 1, "ticket_id": ids, "contact_id": cid[order],
        "channel": take_text(TICKET_CHANNELS, chat[order].astype(np.int64)),
        "created_at": t[order], "first_opened_at": opened[order], "closed_at": closed[order],
        "satisfaction": np.where(rated, score, NULL)[order],
    })


def calendar_tables(world: World, upcoming_days: int = 30) -> tuple[pa.Table, pa.Table]:
    """Calendar events (some after the end: upcoming) and their bookings / cancellations."""
    rng, c, plan = rng_for(world.plan.seed, 31), world.contacts, world.plan
    assert c is not None
    weeks = plan.n_days / 7
    n_contacts = np.diff(c.offsets)
    per_acc = np.clip(np.round(n_contacts / 20), 4, max(4, round(3 * weeks))).astype(int)
    acc = np.repeat(np.arange(world.n_accounts), per_acc)
    n = len(acc)
    tz = world.tz_index[acc]
    first = world.clock.local_day(tz, np.full(n, plan.start_ts))
    last = world.clock.local_day(tz, np.full(n, plan.end_ts + upcoming_days * DAY))
    day = first + (rng.random(n) * (last - first)).astype(np.int64)
    starts = world.clock.to_utc(tz, day, rng.integers(8, 19, n) * 3600)
    kind = rng.integers(0, len(CALENDAR_TITLES), n)
    capacity = np.array([cap for _, cap in CALENDAR_TITLES])[kind]
    ends = starts + rng.choice([1800, 3600, 5400], n)
    e_order, e_ids = _ids_by_time(acc, starts, world.n_accounts)
    events = to_arrow("calendar_events", {
        "account_id": acc[e_order] + 1, "calendar_event_id": e_ids,
        "title": [CALENDAR_TITLES[k][0] for k in kind[e_order]], "starts_at": starts[e_order],
        "ends_at": ends[e_order], "capacity": capacity[e_order],
    })
    event_id = np.empty(n, dtype=np.int64)
    event_id[e_order] = e_ids
    seats = np.where(capacity == 1, (rng.random(n) < 0.75).astype(np.int64),
                     np.minimum(rng.binomial(capacity, rng.uniform(0.2, 0.9, n)),
                                np.maximum(n_contacts[acc] // 20, 2)))
    ev = np.repeat(np.arange(n), seats)
    m = len(ev)
    booked = starts[ev] - rng.integers(3600, 14 * DAY, m)
    row = c.pick_existing(acc[ev], booked, rng.random(m))
    keep = (row >= 0) & (booked < plan.end_ts) & (booked >= plan.start_ts)
    ev, booked, row = ev[keep], booked[keep], row[keep]
    m = len(ev)
    cancelled = booked + (rng.random(m) * (starts[ev] - booked)).astype(np.int64)
    cancelled = np.where(rng.random(m) < 0.15, cancelled, NULL)
    cancelled = _null_after(cancelled, plan.end_ts)
    b_order, b_ids = _ids_by_time(acc[ev], booked, world.n_accounts)
    bookings = to_arrow("bookings", {
        "account_id": acc[ev][b_order] + 1, "booking_id": b_ids,
        "calendar_event_id": event_id[ev][b_order], "contact_id": c.cid[row][b_order],
        "booked_at": booked[b_order], "cancelled_at": cancelled[b_order],
    })
    return events, bookings


def dashboard_visits_table(world: World, days: int = 365) -> pa.Table:
    """Per account 1-3 users. Accounts cycle through habits: daily visitors up to the end,
    lapsed (stopped 3-8 weeks before the end), and weekly visitors."""
    rng, plan = rng_for(world.plan.seed, 32), world.plan
    parts_acc, parts_user, parts_t = [], [], []
    lo = max(plan.start_ts, plan.end_ts - days * DAY)
    for a in range(world.n_accounts):
        habit = a % 3
        stop = plan.end_ts - (int(rng.integers(21, 57)) * DAY if habit == 1 else 0)
        gap = 7 * DAY if habit == 2 else DAY
        for user in range(1, int(rng.integers(1, 4)) + 1):
            slots = np.arange(lo, stop, gap)
            slots = slots[rng.random(len(slots)) < (0.9 if habit == 2 else 0.6)]
            k = len(slots)
            acc = np.full(k, a)
            t = world.local_times(rng, acc, slots, np.minimum(slots + gap, stop))
            parts_acc.append(acc)
            parts_user.append(np.full(k, user))
            parts_t.append(t)
    acc, user, t = (np.concatenate(p) for p in (parts_acc, parts_user, parts_t))
    order = np.argsort(t, kind="stable")
    return to_arrow("dashboard_visits", {
        "account_id": acc[order] + 1, "user_id": user[order], "visited_at": t[order],
    })


APP_METRICS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("app_vip_lead_magnet", {"name": "VIP Lead Magnet opt-ins", "kind": "contacts_who_did",
                             "event": {"type": "form_submitted", "object": "Lead Magnet"},
                             "where": {"subscribed_to_tag": "VIP"}, "timeframe": "last_30_days"}),
    ("app_revenue", {"name": "Revenue", "kind": "total_value", "value": {"sales_of": "any"},
                     "timeframe": "this_month"}),
    ("app_optin_to_member", {"name": "Opt-in to membership in 14 days",
                             "kind": "conversion_rate",
                             "from_event": {"type": "form_submitted", "object": "Opt-In Form"},
                             "to_event": {"type": "purchased", "object": "Membership Product"},
                             "within": "14 days", "timeframe": "last_30_days"}),
    ("app_avg_lead_score", {"name": "Average Lead Score", "kind": "avg_value",
                            "value": {"field": "Lead Score"}, "timeframe": "today"}),
    ("app_calls", {"name": "Calls logged", "kind": "times_happened",
                   "event": {"type": "call_logged"}, "timeframe": "last_7_days"}),
)


def metric_json(definition: dict[str, Any]) -> str:
    return json.dumps(definition, ensure_ascii=False, separators=(", ", ": "))


def metric_definitions_table(world: World) -> pa.Table:
    rng, plan = rng_for(world.plan.seed, 33), world.plan
    rows: list[tuple[int, str, str, int, int]] = []
    for a in range(world.n_accounts):
        k = int(rng.integers(2, len(APP_METRICS) + 1))
        for i in sorted(rng.permutation(len(APP_METRICS))[:k]):
            metric_id, definition = APP_METRICS[i]
            created = plan.start_ts + int(rng.integers(0, plan.end_ts - plan.start_ts))
            deleted = created + int(rng.integers(DAY, 200 * DAY)) if rng.random() < 0.2 else NULL
            deleted = NULL if deleted != NULL and deleted >= plan.end_ts else deleted
            rows.append((a + 1, metric_id, metric_json(definition), created, deleted))
    rows.sort(key=lambda r: (r[3], r[0]))
    return to_arrow("metric_definitions", {
        "account_id": np.array([r[0] for r in rows]), "metric_id": [r[1] for r in rows],
        "definition": [r[2] for r in rows], "created_at": np.array([r[3] for r in rows]),
        "deleted_at": np.array([r[4] for r in rows], dtype=np.int64),
    })
