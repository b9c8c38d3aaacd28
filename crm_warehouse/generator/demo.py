"""The demo landing zone (seeds/demo, CSV): 3 accounts (Los Angeles, Kolkata +05:30, Sydney),
~300 contacts each, January 2026 up to the demo as-of instant 2026-06-30T18:00:00Z, generated
by the same engine as `generate()` plus hand-placed rows so that every dashboard panel has content
for every account in the week before as-of. `python -m crm_warehouse.generator --demo --out
seeds/demo`; deterministic."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .commerce import S_CODE, T_CODE, Commerce
from .core import write_table
from .engagement import APP_METRICS, broadcasts_table, metric_json, tickets_table
from .entities import (
    EMAIL_DOMAINS,
    accounts_table,
    build_world,
    contact_names,
    field_values_table,
    objects_table,
)
from .events import EventGenerator
from .schema import CONTRACT, to_arrow
from .timeutil import DAY, NULL, epoch_seconds
from .world import Broadcast, Plan, World, rng_for

DEMO_AS_OF = "2026-06-30T18:00:00Z"
AS_OF = epoch_seconds(datetime(2026, 6, 30, 18, tzinfo=UTC))
DEMO_START = date(2026, 1, 1)
DEMO_SEED = 20260630
ACCOUNTS = (  # name, time zone, week start, currency, share of activity
    ("Golden Gate Candle Co.", "America/Los_Angeles", "sunday", "USD", 0.36),
    ("Mumbai Mindful Living", "Asia/Kolkata", "monday", "INR", 0.32),
    ("Harbourside Fitness", "Australia/Sydney", "saturday", "AUD", 0.32),
)
# Per account: (contact_id, first, last, ASCII spelling for the email)
SPECIAL_CONTACTS = (
    ((2, "José", "Núñez", "jose.nunez"), (3, "Liam", "O'Brien", "liam.obrien")),
    ((2, "Zoë", "Kapoor", "zoe.kapoor"), (3, "Aarav", "D'Souza", "aarav.dsouza")),
    ((2, "Søren", "Ångström", "soren.angstrom"), (3, "Mia", "O'Neil", "mia.oneil")),
)
BROADCAST_NAMES = ("New Year Kick-off", "January Newsletter", "Valentine's Special",
                   "February Newsletter", "Spring Sale", "March Newsletter", "Easter Flash Sale",
                   "April Newsletter", "May Newsletter", "Mid-year Sale", "June Newsletter",
                   "Summer Webinar Invite")


def demo_plan() -> Plan:
    return Plan(seed=DEMO_SEED, start=DEMO_START, end_ts=AS_OF + 1, n_accounts=3,
                n_contacts=900, n_events=24_000,
                account_names=[a[0] for a in ACCOUNTS], account_timezones=[a[1] for a in ACCOUNTS],
                week_starts=[a[2] for a in ACCOUNTS], currencies=[a[3] for a in ACCOUNTS],
                account_weights=[a[4] for a in ACCOUNTS])


def local_instant(world: World, account: int, days_before_today: int, hour: float) -> int:
    """UTC instant of local wall time `hour` on local day today - days (today at as-of)."""
    tz = world.tz_index[[account]]
    today = world.clock.local_day(tz, np.array([AS_OF]))
    return int(world.clock.to_utc(tz, today - days_before_today, np.array([int(hour * 3600)]))[0])


def demo_broadcasts(world: World) -> Broadcast:
    """12 broadcasts per account about every two weeks, the latest 2-4 days before as-of; the
    Easter one is an SMS."""
    acc, sent, channel, names, bid = [], [], [], [], []
    for a in range(world.n_accounts):
        for k, name in enumerate(BROADCAST_NAMES):
            days = 2 + a + 14 * (len(BROADCAST_NAMES) - 1 - k)
            acc.append(a)
            sent.append(local_instant(world, a, days, 9.5 + a))
            channel.append(1 if "Flash" in name else 0)
            names.append(name)
            bid.append(k + 1)
    n = len(acc)
    return Broadcast(np.array(acc), np.array(bid), np.array(sent), np.array(channel), names,
                     np.full(n, -1, dtype=np.int64))


def demo_contacts(world: World) -> pa.Table:
    c = world.contacts
    assert c is not None
    rng = rng_for(DEMO_SEED, 50)
    firsts, lasts, fa, la = contact_names(rng, len(c.acc))
    dom = rng.integers(0, len(EMAIL_DOMAINS), len(c.acc))
    emails: list[str] = []
    used: set[tuple[int, str]] = set()
    for i in range(len(c.acc)):
        a, cid = int(c.acc[i]), int(c.cid[i])
        for spec in SPECIAL_CONTACTS[a]:
            if spec[0] == cid:
                firsts[i], lasts[i], local = spec[1], spec[2], spec[3]
                break
        else:
            local = f"{fa[i]}.{la[i]}"
        email = f"{local}@{EMAIL_DOMAINS[dom[i]]}"
        n = 2
        while (a, email) in used:
            email = f"{local}{n}@{EMAIL_DOMAINS[dom[i]]}"
            n += 1
        used.add((a, email))
        emails.append(email)
    return to_arrow("contacts", {
        "account_id": c.acc + 1, "contact_id": c.cid, "email": emails, "first_name": firsts,
        "last_name": lasts, "created_at": c.created, "deleted_at": c.deleted,
    })


def _contact(world: World, account: int, t: int, rng: np.random.Generator) -> int:
    c = world.contacts
    assert c is not None
    row = c.pick_existing(np.array([account]), np.array([t]), rng.random(1))[0]
    return int(c.cid[row])


def recent_commerce(world: World, commerce: Commerce) -> None:
    """Per account, in the 6 days before as-of: affiliate sales (3, 2 and 1 for the first three
    affiliates), a rebill, a refunded sale and its refund, a chargeback, a declined sale."""
    o = world.objects
    assert o is not None
    rng = rng_for(DEMO_SEED, 51)
    for a in range(world.n_accounts):
        products = o.rows_of("product", a)
        recurring = [p for p in products if o.recurring[p]] or list(products)
        affiliates = o.rows_of("affiliate", a)
        checkout = [r for r in o.rows_of("page", a) if o.name[r] == "Checkout"][0]
        rows: list[tuple[str, str, int, int, int]] = []  # type, status, product, affiliate, t
        plan = [(0, 3), (1, 2), (2, 1)]
        for rank, count in plan:
            for _ in range(count if rank < len(affiliates) else 0):
                rows.append(("sale", "paid", int(rng.choice(products)), int(affiliates[rank]),
                             AS_OF - int(rng.integers(1800, 5 * DAY))))
        refunded_t = AS_OF - 4 * DAY - int(rng.integers(0, DAY))
        product = int(products[0])
        rows += [("rebill", "paid", int(recurring[0]), -1, AS_OF - 2 * DAY - 3600),
                 ("sale", "refunded", product, -1, refunded_t),
                 ("refund", "paid", product, -1, refunded_t + DAY + 7200),
                 ("chargeback", "paid", int(products[-1]), -1, AS_OF - 3 * DAY + 600),
                 ("sale", "declined", int(products[1]), -1, AS_OF - DAY - 5400)]
        for ttype, status, prow, aff, t in rows:
            amount = int(o.price[prow])
            is_sale = ttype == "sale"
            commerce._add(
                acc=np.array([a]), cid=np.array([_contact(world, a, t, rng)]),
                prow=np.array([prow]), type=np.array([T_CODE[ttype]]),
                status=np.array([S_CODE[status]]), amount=np.array([amount]),
                aff=np.array([aff]),
                comm=np.array([amount // 5 if aff >= 0 else NULL]),
                page=np.array([o.oid[checkout] if is_sale else NULL]), t=np.array([t]))


def renumber(table: pa.Table, id_col: str, time_col: str) -> pa.Table:
    """Rows sorted by time, ids 1.. per account in that order."""
    table = table.take(pc.sort_indices(table, [(time_col, "ascending")]))
    acc = table.column("account_id").to_numpy()
    by_acc = np.argsort(acc, kind="stable")
    starts = {int(a): int(np.searchsorted(acc[by_acc], a)) for a in np.unique(acc)}
    ids = np.empty(len(acc), dtype=np.int64)
    ids[by_acc] = np.arange(len(acc)) - np.array([starts[int(a)] for a in acc[by_acc]]) + 1
    return table.set_column(table.schema.get_field_index(id_col), id_col, pa.array(ids))


def demo_tickets(world: World) -> pa.Table:
    """The engine's tickets plus, per account: two tickets created this week (one unopened), a
    chat closed with a rating this week and an unopened ticket from six weeks ago."""
    rng = rng_for(DEMO_SEED, 52)
    cols: dict[str, list[Any]] = {name: [] for name, _ in CONTRACT["tickets"]}
    for a in range(world.n_accounts):
        for created, channel, opened, closed, score in (
            (AS_OF - 3 * DAY, 0, 3 * 3600, 2 * DAY, 4),
            (AS_OF - DAY // 2, 0, None, None, None),
            (AS_OF - 2 * DAY, 1, 40, 900, 5),
            (AS_OF - 42 * DAY, 0, None, None, None),
        ):
            cols["account_id"].append(a + 1)
            cols["ticket_id"].append(0)
            cols["contact_id"].append(_contact(world, a, created, rng))
            cols["channel"].append(("ticket", "chat")[channel])
            cols["created_at"].append(created)
            cols["first_opened_at"].append(NULL if opened is None else created + opened)
            cols["closed_at"].append(NULL if closed is None else created + closed)
            cols["satisfaction"].append(NULL if score is None else score)
    extra = to_arrow("tickets", {k: v if k == "channel" else np.array(v)
                                 for k, v in cols.items()})
    return renumber(pa.concat_tables([tickets_table(world, per_event=0.01), extra]),
                    "ticket_id", "created_at")


CALENDAR_PLAN = (  # title, capacity, weekday offset, local hour
    ("Group Coaching", 20, 0, 18.0), ("Discovery Call", 1, 3, 10.0),
)
UPCOMING = (  # title, capacity, days after today, local hour, bookings (active, cancelled)
    ("Discovery Call", 1, 1, 10.0, (1, 1)), ("Live Q&A", 50, 2, 17.0, (8, 1)),
    ("Workshop", 12, 3, 9.0, (5, 0)), ("Group Coaching", 20, 8, 18.0, (3, 1)),
)


def demo_calendar(world: World) -> tuple[pa.Table, pa.Table]:
    """Weekly group coaching and weekly 1:1 discovery calls since January, and 4 upcoming events
    after as-of (the first a capacity-1 call with one active registrant)."""
    rng = rng_for(DEMO_SEED, 53)
    ev: dict[str, list[Any]] = {name: [] for name, _ in CONTRACT["calendar_events"]}
    bk: dict[str, list[Any]] = {name: [] for name, _ in CONTRACT["bookings"]}

    def add_event(a: int, title: str, cap: int, starts: int, active: int, cancelled: int) -> None:
        ev["account_id"].append(a + 1)
        ev["calendar_event_id"].append(len(ev["title"]) + 1)
        ev["title"].append(title)
        ev["starts_at"].append(starts)
        ev["ends_at"].append(starts + (1800 if cap == 1 else 3600))
        ev["capacity"].append(cap)
        seen: set[int] = set()
        for k in range(active + cancelled):
            booked = min(starts, AS_OF) - int(rng.integers(3600, 10 * DAY))
            cid = _contact(world, a, booked, rng)
            if cid in seen:
                continue
            seen.add(cid)
            gone = k >= active
            bk["account_id"].append(a + 1)
            bk["booking_id"].append(0)
            bk["calendar_event_id"].append(len(ev["title"]))
            bk["contact_id"].append(cid)
            bk["booked_at"].append(booked)
            bk["cancelled_at"].append(booked + (min(starts, AS_OF) - booked) // 2 if gone
                                      else NULL)

    for a in range(world.n_accounts):
        for title, cap, offset, hour in CALENDAR_PLAN:
            for week in range(1, 26):
                starts = local_instant(world, a, 7 * week - offset, hour)
                seats = 1 if cap == 1 else int(rng.integers(3, 12))
                add_event(a, title, cap, starts, seats, int(rng.random() < 0.3))
        for title, cap, after, hour, (active, cancelled) in UPCOMING:
            add_event(a, title, cap, local_instant(world, a, -after, hour), active, cancelled)
    events = renumber_events(ev, bk)
    bookings = renumber(to_arrow("bookings", {k: np.array(v) for k, v in bk.items()}),
                        "booking_id", "booked_at")
    return events, bookings


def renumber_events(ev: dict[str, list[Any]], bk: dict[str, list[Any]]) -> pa.Table:
    """Calendar events sorted by start with per-account ids; bookings follow the new ids."""
    order = np.lexsort((np.array(ev["account_id"]), np.array(ev["starts_at"])))
    new_id = np.empty(len(order), dtype=np.int64)
    counters: dict[int, int] = {}
    for i in order:
        a = ev["account_id"][i]
        counters[a] = counters.get(a, 0) + 1
        new_id[i] = counters[a]
    bk["calendar_event_id"] = [int(new_id[old - 1]) for old in bk["calendar_event_id"]]
    return to_arrow("calendar_events", {
        "account_id": np.array(ev["account_id"])[order], "calendar_event_id": new_id[order],
        "title": [ev["title"][i] for i in order], "starts_at": np.array(ev["starts_at"])[order],
        "ends_at": np.array(ev["ends_at"])[order], "capacity": np.array(ev["capacity"])[order],
    })


def demo_visits(world: World) -> pa.Table:
    """Account 1 is visited daily (last visit 5 hours before as-of: within 72 hours); account 2
    not since 5 weeks before as-of; account 3 weekly (last visit 4 days before as-of)."""
    rng = rng_for(DEMO_SEED, 54)
    rows: list[tuple[int, int, int]] = []
    for a, (stop_days, gap) in enumerate(((0, 1), (35, 2), (4, 7))):
        for user in (1, 2):
            day = stop_days
            while day < 150:
                t = local_instant(world, a, day, 8 + float(rng.integers(0, 10)))
                if t <= AS_OF - 5 * 3600:
                    rows.append((a + 1, user, t))
                day += gap + int(rng.integers(0, 2)) * (user - 1)
    rows.append((1, 1, AS_OF - 5 * 3600))
    rows.sort(key=lambda r: (r[2], r[0], r[1]))
    rows = [r for i, r in enumerate(rows) if i == 0 or r != rows[i - 1]]
    return to_arrow("dashboard_visits", {k: np.array([r[i] for r in rows]) for i, k in
                                         enumerate(("account_id", "user_id", "visited_at"))})


def demo_metric_definitions() -> pa.Table:
    """App metrics: valid ones in every account, one deleted before as-of, one invalid."""
    valid = dict(APP_METRICS)
    rows = [
        (1, "app_vip_lead_magnet", metric_json(valid["app_vip_lead_magnet"]), "2026-02-03", None),
        (1, "app_revenue", metric_json(valid["app_revenue"]), "2026-02-10", None),
        (1, "app_calls", metric_json(valid["app_calls"]), "2026-01-20", "2026-05-01"),
        (2, "app_optin_to_member", metric_json(valid["app_optin_to_member"]), "2026-03-05", None),
        (2, "app_avg_lead_score", metric_json(valid["app_avg_lead_score"]), "2026-03-06", None),
        (2, "app_broken_within", json.dumps({
            "name": "Opt-in to purchase (broken)", "kind": "conversion_rate",
            "from_event": {"type": "form_submitted", "object": "Opt-In Form"},
            "to_event": {"type": "purchased"}, "within": "2 fortnights",
            "timeframe": "this_month"}, separators=(", ", ": ")), "2026-04-02", None),
        (3, "app_revenue", metric_json(valid["app_revenue"]), "2026-01-15", None),
        (3, "app_calls", metric_json(valid["app_calls"]), "2026-06-01", None),
    ]

    def ts(day: str | None) -> int:
        return NULL if day is None else epoch_seconds(date.fromisoformat(day)) + 9 * 3600

    return to_arrow("metric_definitions", {
        "account_id": np.array([r[0] for r in rows]), "metric_id": [r[1] for r in rows],
        "definition": [r[2] for r in rows], "created_at": np.array([ts(r[3]) for r in rows]),
        "deleted_at": np.array([ts(r[4]) for r in rows], dtype=np.int64),
    })


def demo_tables() -> dict[str, pa.Table]:
    world = build_world(demo_plan(), schedule=demo_broadcasts)
    assert world.objects is not None
    commerce = Commerce(world, sales_per_event=0.02)
    commerce.build()
    recent_commerce(world, commerce)
    calendar_events, bookings = demo_calendar(world)
    tables = {
        "accounts": accounts_table(world),
        "contacts": demo_contacts(world),
        "contact_field_values": field_values_table(world),
        "objects": objects_table(world),
        "events": EventGenerator(world).table(recent_days=6),
        "transactions": commerce.transactions_table(),
        "orders": commerce.orders_table(),
        "broadcasts": broadcasts_table(world),
        "tickets": demo_tickets(world),
        "calendar_events": calendar_events,
        "bookings": bookings,
        "dashboard_visits": demo_visits(world),
        "metric_definitions": demo_metric_definitions(),
    }
    assert list(tables) == list(CONTRACT)
    return tables


def generate_demo(out_dir: str | Path) -> list[str]:
    """Write the demo landing zone as CSV files into `out_dir`; returns the file names."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [write_table(name, table, out, "csv") for name, table in demo_tables().items()]
