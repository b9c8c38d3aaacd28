"""Accounts, objects, contacts (+ their custom field values) and the broadcast schedule: the
entities every activity table points at."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import numpy as np
import pyarrow as pa

from .constants import (
    ACCOUNT_WORDS,
    ALWAYS,
    CURRENCY_BY_TZ,
    CURRENCY_FACTOR,
    FIELD_STATES,
    FIRST_NAMES,
    LAST_NAMES,
    OBJECT_NAMES,
    OBJECT_TYPES,
    PRODUCT_PRICE,
    SOURCES,
    SPECIAL_FIRST,
    SPECIAL_LAST,
    TIMEZONES,
    WEEK_STARTS,
)
from .schema import to_arrow
from .timeutil import DAY, NULL, LocalClock
from .world import TYPE_CODE, Broadcast, Contacts, Objects, Plan, World, rng_for

BROADCAST_THEMES = ("Weekly Newsletter", "Spring Sale", "Product Launch", "Webinar Invite",
                    "Tips & Tricks", "Customer Stories", "Flash Sale", "Black Friday",
                    "Behind the Scenes", "New Arrivals")
EMAIL_DOMAINS = ("example.com", "mail.example", "inbox.example", "example.org", "post.example")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def zipf_weights(n: int, rng: np.random.Generator) -> np.ndarray:
    """Zipf (s = 1) shares in a random order: with 100 accounts the largest has ~19%."""
    w = 1.0 / np.arange(1, n + 1)
    return rng.permutation(w / w.sum())


def build_world(plan: Plan, schedule: Callable[[World], Broadcast] | None = None) -> World:
    """Accounts, contacts, the broadcast schedule (`schedule` replaces the random one) and the
    objects (one message per broadcast)."""
    rng = rng_for(plan.seed, 1)
    n = plan.n_accounts
    names = plan.account_names or [
        f"{ACCOUNT_WORDS[0][i % 17]} {ACCOUNT_WORDS[1][(i * 5 + i // 17) % 14]} "
        f"{ACCOUNT_WORDS[2][(i * 3) % 7]}" for i in range(n)
    ]
    tzs = plan.account_timezones or [TIMEZONES[i % len(TIMEZONES)] for i in range(n)]
    weeks = plan.week_starts or [WEEK_STARTS[i % len(WEEK_STARTS)] for i in range(n)]
    currencies = plan.currencies or [
        None if i % 11 == 5 else CURRENCY_BY_TZ[tz] for i, tz in enumerate(tzs)
    ]
    weights = (np.asarray(plan.account_weights, dtype=float) / sum(plan.account_weights)
               if plan.account_weights else zipf_weights(n, rng))
    clock_tzs = sorted(set(tzs))
    last = plan.start + timedelta(days=plan.n_days + 120)
    clock = LocalClock(clock_tzs, plan.start - timedelta(days=400), last)
    domains = [f"{slug(name)}-{i + 1}.example" for i, name in enumerate(names)]
    world = World(plan, clock, names, tzs, np.array([clock_tzs.index(t) for t in tzs]),
                  weeks, currencies, domains, weights)
    world.contacts = _contacts(world, rng_for(plan.seed, 2))
    world.broadcasts = (schedule or (lambda w: _broadcast_schedule(w, rng_for(plan.seed, 3))))(
        world)
    world.objects = _objects(world, rng_for(plan.seed, 4))
    return world


def contacts_per_account(world: World) -> np.ndarray:
    plan = world.plan
    return np.maximum(plan.min_contacts, np.round(plan.n_contacts * world.weights)).astype(int)


def _contacts(world: World, rng: np.random.Generator) -> Contacts:
    plan = world.plan
    counts = contacts_per_account(world)
    acc = np.repeat(np.arange(world.n_accounts), counts)
    n = len(acc)
    start, end = plan.start_ts, plan.end_ts
    # 20% existed before the period (up to a year earlier); the rest arrive at a growing rate.
    early = rng.random(n) < 0.2
    lo = np.where(early, start - 365 * DAY, start)
    frac = np.where(early, rng.random(n), np.sqrt(rng.random(n)))
    base = lo + (frac * np.where(early, 365 * DAY, end - start)).astype(np.int64)
    created = world.local_times(rng, acc, np.maximum(base - DAY // 2, lo),
                                np.minimum(base + DAY // 2, end))
    order = np.lexsort((created, acc))
    acc, created = acc[order], created[order]
    offsets = np.searchsorted(acc, np.arange(world.n_accounts + 1))
    cid = np.arange(n) - offsets[acc] + 1
    deleted = np.full(n, NULL, dtype=np.int64)
    gone = rng.random(n) < 0.02
    when = created + (rng.random(n) * (end - created)).astype(np.int64) + DAY
    gone &= when < end
    deleted[gone] = when[gone]
    activity = np.minimum((1.0 - rng.random(n)) ** (-1 / 1.3), 400.0)
    for a in range(world.n_accounts):
        world.orphan_ids[a] = int(counts[a]) + 1
    return Contacts(acc, cid, created, deleted, activity, offsets)


def _broadcast_schedule(world: World, rng: np.random.Generator) -> Broadcast:
    plan = world.plan
    counts = contacts_per_account(world)
    budget = 0.35 * plan.n_events * world.weights
    cap = max(1, plan.n_days // 3)  # at most one broadcast every 3 days
    per = np.clip(np.round(budget / (2.4 * 0.5 * 0.55 * counts)), min(3, cap), cap).astype(int)
    acc = np.repeat(np.arange(world.n_accounts), per)
    n = len(acc)
    c = world.contacts
    assert c is not None
    first_contact = c.created[c.offsets[:-1]]  # contacts are sorted by creation per account
    lo = np.maximum(plan.start_ts + 7 * DAY, first_contact[acc] + DAY)
    sent = world.local_times(rng, acc, lo, np.full(n, plan.end_ts - 3600, dtype=np.int64))
    sent -= sent % 60
    order = np.lexsort((sent, acc))
    acc, sent = acc[order], sent[order]
    offsets = np.searchsorted(acc, np.arange(world.n_accounts + 1))
    bid = np.arange(n) - offsets[acc] + 1
    channel = (rng.random(n) < 0.15).astype(np.int64)
    theme = rng.integers(0, len(BROADCAST_THEMES), n)
    names = [("SMS: " if channel[i] else "") + f"{BROADCAST_THEMES[theme[i]]} #{bid[i]}"
             for i in range(n)]
    return Broadcast(acc, bid, sent, channel, names, np.full(n, -1, dtype=np.int64))


def _objects(world: World, rng: np.random.Generator) -> Objects:
    """Per account: the fixed names of each type, a random extra selection, and one message per
    broadcast; ids 1..K over all types in a shuffled order (unique within the account)."""
    bc = world.broadcasts
    assert bc is not None
    acc_l: list[int] = []
    oid_l: list[int] = []
    type_l: list[int] = []
    names: list[str] = []
    urls: list[str | None] = []
    price_l: list[int] = []
    recurring_l: list[bool] = []
    bc_rows: list[int] = []
    for a in range(world.n_accounts):
        items: list[tuple[str, str, int]] = []  # (type, name, broadcast index or -1)
        for t in OBJECT_TYPES:
            pool = OBJECT_NAMES[t]
            fixed = list(pool[:ALWAYS[t]])
            rest = list(pool[ALWAYS[t]:])
            extra = int(rng.integers(0, len(rest) + 1)) if rest else 0
            chosen = fixed + [rest[i] for i in sorted(rng.permutation(len(rest))[:extra])]
            items += [(t, name, -1) for name in chosen]
        for b in np.flatnonzero(bc.acc == a):
            items.append(("message", bc.name[b], int(b)))
        ids = rng.permutation(len(items)) + 1
        factor = CURRENCY_FACTOR.get(world.currencies[a] or "USD", 1)
        for (t, name, b), oid in zip(items, ids, strict=True):
            acc_l.append(a)
            oid_l.append(int(oid))
            type_l.append(TYPE_CODE[t])
            names.append(name)
            if t in ("page", "landing_page"):
                urls.append(f"https://{world.domains[a]}/{slug(name)}")
            elif t == "tracked_link":
                urls.append(f"https://{world.domains[a]}/go/{slug(name)}")
            else:
                urls.append(None)
            base, recurs = PRODUCT_PRICE.get(name, (0, False)) if t == "product" else (0, False)
            price_l.append(base * factor if t == "product" else NULL)
            recurring_l.append(recurs)
            if b >= 0:
                bc_rows.append(b)
                bc.message_row[b] = len(acc_l) - 1
    objects = Objects(np.array(acc_l), np.array(oid_l), np.array(type_l), names, urls,
                      np.array(price_l, dtype=np.int64), np.array(recurring_l),
                      np.full(len(acc_l), NULL, dtype=np.int64))
    objects.index(world.n_accounts)
    # forms and videos sit on a page or landing page of their account
    for t in ("form", "video"):
        rows = objects.order[TYPE_CODE[t]]
        pages = objects.sample("landing_page" if t == "form" else "page", objects.acc[rows],
                               rng.random(len(rows)), skew=1.0)
        objects.host_page[rows] = np.where(pages >= 0, objects.oid[np.maximum(pages, 0)], NULL)
    return objects


# ------------------------------------------------------------------------------------------ tables

def accounts_table(world: World) -> pa.Table:
    n = world.n_accounts
    return to_arrow("accounts", {
        "account_id": np.arange(1, n + 1), "name": world.account_names,
        "timezone": world.timezones, "week_start": world.week_starts,
        "currency": world.currencies,
    })


def objects_table(world: World) -> pa.Table:
    o = world.objects
    assert o is not None
    order = np.lexsort((o.oid, o.acc))
    return to_arrow("objects", {
        "account_id": o.acc[order] + 1, "object_id": o.oid[order],
        "object_type": [OBJECT_TYPES[t] for t in o.otype[order]],
        "name": [o.name[i] for i in order], "url": [o.url[i] for i in order],
        "price": o.price[order],
    })


def contact_names(rng: np.random.Generator, n: int) -> tuple[list[str | None], list[str | None],
                                                             list[str], list[str]]:
    """First/last names (a few with non-ASCII letters or apostrophes, some missing) and their
    ASCII spellings for email addresses."""
    first_i = rng.integers(0, len(FIRST_NAMES), n)
    last_i = rng.integers(0, len(LAST_NAMES), n)
    special = rng.random(n)
    firsts: list[str | None] = []
    lasts: list[str | None] = []
    f_ascii: list[str] = []
    l_ascii: list[str] = []
    for i in range(n):
        f = FIRST_NAMES[first_i[i]]
        fa = f.lower()
        last = LAST_NAMES[last_i[i]]
        la = last.lower()
        if special[i] < 0.02:
            f, fa = SPECIAL_FIRST[first_i[i] % len(SPECIAL_FIRST)]
        elif special[i] < 0.04:
            last, la = SPECIAL_LAST[last_i[i] % len(SPECIAL_LAST)]
        firsts.append(None if special[i] > 0.99 else f)
        lasts.append(None if special[i] > 0.975 else last)
        f_ascii.append(fa)
        l_ascii.append(la)
    return firsts, lasts, f_ascii, l_ascii


def contacts_table(world: World) -> pa.Table:
    c = world.contacts
    assert c is not None
    rng = rng_for(world.plan.seed, 5)
    firsts, lasts, fa, la = contact_names(rng, len(c.acc))
    dom = rng.integers(0, len(EMAIL_DOMAINS), len(c.acc))
    emails = [f"{fa[i]}.{la[i]}{c.cid[i]}@{EMAIL_DOMAINS[dom[i]]}" for i in range(len(c.acc))]
    return to_arrow("contacts", {
        "account_id": c.acc + 1, "contact_id": c.cid, "email": emails, "first_name": firsts,
        "last_name": lasts, "created_at": c.created, "deleted_at": c.deleted,
    })


def lead_score_text(rng: np.random.Generator, n: int) -> list[str]:
    """Numbers as text, with padded numbers, decimals, non-numbers and blanks mixed in."""
    score = rng.integers(0, 101, n)
    kind = rng.random(n)
    odd = ("n/a", "1e3", "+5", "high", "12abc")
    out = []
    for i in range(n):
        k = kind[i]
        if k < 0.03:
            out.append(f" {score[i]} ")
        elif k < 0.07:
            out.append(f"{score[i]}.5")
        elif k < 0.11:
            out.append(odd[score[i] % len(odd)])
        elif k < 0.13:
            out.append("  ")
        else:
            out.append(str(score[i]))
    return out


def field_values_table(world: World) -> pa.Table:
    c = world.contacts
    assert c is not None
    rng = rng_for(world.plan.seed, 6)
    end = world.plan.end_ts
    parts: list[tuple[np.ndarray, str, list[str]]] = []
    for fname, share in (("Lead Score", 0.7), ("State", 0.5), ("Source", 0.4)):
        rows = np.flatnonzero(rng.random(len(c.acc)) < share)
        if fname == "Lead Score":
            values = lead_score_text(rng, len(rows))
        else:
            pool = FIELD_STATES if fname == "State" else SOURCES
            values = [pool[i] for i in rng.integers(0, len(pool), len(rows))]
        parts.append((rows, fname, values))
    rows = np.concatenate([p[0] for p in parts])
    fields = [p[1] for p in parts for _ in range(len(p[0]))]
    values = [v for p in parts for v in p[2]]
    lo = c.created[rows]
    updated = lo + (rng.random(len(rows)) * np.maximum(end - lo, 1)).astype(np.int64)
    order = np.lexsort((np.array([f != "Lead Score" for f in fields]), c.cid[rows], c.acc[rows]))
    return to_arrow("contact_field_values", {
        "account_id": c.acc[rows][order] + 1, "contact_id": c.cid[rows][order],
        "field": [fields[i] for i in order], "value": [values[i] for i in order],
        "updated_at": updated[order],
    })
