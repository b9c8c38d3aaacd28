"""The `events` table, fully vectorised: broadcast deliveries, power-law contact activity with
follow-up events (form views -> submissions, tag adds -> removals, ...), automation emails,
anonymous visitors, a few events of contacts missing from `contacts`, all at local daytimes."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .constants import (
    EVENT_CODE,
    EVENT_OBJECT_TYPE,
    EVENT_TYPES,
    FIELD_STATES,
    SOURCES,
    TASK_OUTCOMES,
)
from .schema import take_text, to_arrow
from .timeutil import DAY, NULL
from .world import TYPE_CODE, World, rng_for

# Base activity mix (before follow-ups). Web types may be anonymous.
BASE_MIX: dict[str, float] = {
    "page_visited": 0.36, "form_viewed": 0.10, "video_played": 0.06,
    "tracked_link_clicked": 0.05, "tag_added": 0.09, "sequence_added": 0.035,
    "list_subscribed": 0.03, "membership_granted": 0.012, "field_updated": 0.05,
    "call_logged": 0.02, "task_sent": 0.025, "message_sent": 0.10,
}
WEB = ("page_visited", "form_viewed", "video_played", "tracked_link_clicked")
# parent -> (child, probability, min delay s, max delay s)
FOLLOW_UPS: dict[str, tuple[str, float, int, int]] = {
    "form_viewed": ("form_submitted", 0.35, 20, 900),
    "video_played": ("video_completed", 0.45, 60, 1800),
    "tag_added": ("tag_removed", 0.25, DAY, 60 * DAY),
    "sequence_added": ("sequence_removed", 0.35, DAY, 90 * DAY),
    "list_subscribed": ("list_unsubscribed", 0.08, DAY, 120 * DAY),
    "membership_granted": ("membership_revoked", 0.12, 7 * DAY, 180 * DAY),
    "task_sent": ("task_completed", 0.7, 3600, 5 * DAY),
}
EXPANSION = 1.29  # events per base activity event, follow-ups and automation chains included


class EventBuffer:
    """Column segments appended by each generator step, concatenated once at the end."""

    NAMES = ("acc", "cid", "vis", "etype", "orow", "page", "detail", "t")

    def __init__(self) -> None:
        self.parts: dict[str, list[np.ndarray]] = {k: [] for k in self.NAMES}

    def add(self, **cols: np.ndarray) -> None:
        n = len(cols["t"])
        defaults = {"vis": 0, "orow": -1, "page": NULL, "detail": -1}
        for k in self.NAMES:
            v = cols.get(k)
            if v is None:
                v = np.full(n, defaults[k], dtype=np.uint64 if k == "vis" else np.int64)
            self.parts[k].append(v)

    def columns(self) -> dict[str, np.ndarray]:
        return {k: np.concatenate(v) if v else np.zeros(0, np.int64)
                for k, v in self.parts.items()}

    def __len__(self) -> int:
        return sum(len(p) for p in self.parts["t"])


def visitor_hash(acc: np.ndarray, ident: np.ndarray, anonymous: bool) -> np.ndarray:
    """A stable 48-bit cookie id per (account, contact) or (account, anonymous visitor)."""
    x = (acc.astype(np.uint64) << np.uint64(40)) ^ ident.astype(np.uint64)
    x ^= np.uint64(0x9E3779B97F4A7C15 if anonymous else 0xD1B54A32D192ED03)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return (x & np.uint64((1 << 48) - 1)) | np.uint64(1)  # never 0 (0 = no visitor)


def visitor_text(vis: np.ndarray) -> pa.Array:
    """Cookie ids as `v-` + 12 hex digits; 0 -> null."""
    n = len(vis)
    present = vis != 0
    values = vis[present]
    digits = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    out = np.empty((len(values), 14), dtype=np.uint8)
    out[:, 0], out[:, 1] = ord("v"), ord("-")
    for k in range(12):
        out[:, 13 - k] = digits[((values >> np.uint64(4 * k)) & np.uint64(15)).astype(np.intp)]
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(present * 14, out=offsets[1:])
    validity = None if present.all() else pa.array(present).buffers()[1]
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets.tobytes()),
                                       pa.py_buffer(out.tobytes()), validity)


class EventGenerator:
    def __init__(self, world: World) -> None:
        self.w = world
        self.o = world.objects
        self.c = world.contacts
        assert self.o is not None and self.c is not None
        self.rng = rng_for(world.plan.seed, 10)
        self.buf = EventBuffer()
        self.end = world.plan.end_ts
        n_obj = len(self.o.name)
        self.pool: list[str | None] = list(self.o.url) + list(TASK_OUTCOMES)
        self.outcome0 = n_obj
        self.number0 = len(self.pool)
        self.pool += [str(i) for i in range(101)]
        self.state0 = len(self.pool)
        self.pool += list(FIELD_STATES)
        self.source0 = len(self.pool)
        self.pool += list(SOURCES) + [None]
        bc = world.broadcasts
        assert bc is not None
        msg_rows = self.o.order[TYPE_CODE["message"]]
        auto = ~np.isin(msg_rows, bc.message_row)
        self.n_automation = np.bincount(self.o.acc[msg_rows[auto]], minlength=world.n_accounts)

    # --------------------------------------------------------------------------------- helpers
    def _object_rows(self, etype: str, acc: np.ndarray) -> np.ndarray:
        otype = EVENT_OBJECT_TYPE[etype]
        if otype is None:
            return np.full(len(acc), -1, dtype=np.int64)
        if otype == "page":  # pages and landing pages are both visited
            rows = self.o.sample("page", acc, self.rng.random(len(acc)))
            lp = self.rng.random(len(acc)) < 0.35
            rows[lp] = self.o.sample("landing_page", acc[lp], self.rng.random(int(lp.sum())))
            return rows
        if otype == "message":  # automation messages only (broadcast ones come with broadcasts)
            return self._automation_messages(acc)
        return self.o.sample(otype, acc, self.rng.random(len(acc)))

    def _automation_messages(self, acc: np.ndarray) -> np.ndarray:
        """Messages that belong to no broadcast (they come first in each account's order)."""
        return self.o.sample("message", acc, self.rng.random(len(acc)), skew=1.0,
                             limit=self.n_automation)

    def _page_of(self, rows: np.ndarray) -> np.ndarray:
        return np.where(rows >= 0, self.o.host_page[np.maximum(rows, 0)], NULL)

    def _field_detail(self, rows: np.ndarray) -> np.ndarray:
        names = np.array(self.o.name, dtype=object)[np.maximum(rows, 0)]
        u = self.rng.random(len(rows))
        number = self.number0 + (u * 101).astype(np.int64)
        state = self.state0 + (u * len(FIELD_STATES)).astype(np.int64)
        source = self.source0 + (u * len(SOURCES)).astype(np.int64)
        return np.where(names == "State", state, np.where(names == "Source", source, number))

    def _click_url(self, acc: np.ndarray) -> np.ndarray:
        rows = self.o.sample("page", acc, self.rng.random(len(acc)), skew=1.0)
        return np.where(rows >= 0, rows, len(self.pool) - 1)

    # ------------------------------------------------------------------------------ generators
    def broadcasts(self) -> None:
        bc, c, rng = self.w.broadcasts, self.c, self.rng
        exist = c.existing(bc.acc, bc.sent)
        k = np.maximum(np.round(rng.uniform(0.3, 0.7, len(bc.acc)) * exist), np.minimum(exist, 1))
        k = k.astype(np.int64)
        b = np.repeat(np.arange(len(bc.acc)), k)
        rows = c.offsets[bc.acc[b]] + (rng.random(len(b)) * exist[b]).astype(np.int64)
        pair = np.unique(b.astype(np.int64) * (1 << 32) + rows)
        b, rows = pair >> 32, pair & ((1 << 32) - 1)
        gone = (c.deleted[rows] != NULL) & (c.deleted[rows] <= bc.sent[b])
        b, rows = b[~gone], rows[~gone]
        # a broadcast whose sampled recipients are all gone goes to its account's first contact
        # that exists at sending time
        empty = np.setdiff1d(np.flatnonzero(exist > 0), b)
        for e in empty:
            lo, n = c.offsets[bc.acc[e]], exist[e]
            alive = (c.deleted[lo:lo + n] == NULL) | (c.deleted[lo:lo + n] > bc.sent[e])
            if alive.any():
                b = np.append(b, e)
                rows = np.append(rows, lo + int(np.argmax(alive)))
        sent = bc.sent[b] + rng.integers(0, 120, len(b))
        self.chain(bc.acc[b], c.cid[rows], bc.message_row[b], sent, bc.channel[b] == 1)

    def chain(self, acc: np.ndarray, cid: np.ndarray, msg: np.ndarray, sent: np.ndarray,
              sms: np.ndarray) -> None:
        """message_sent and what follows it: delivery or bounce, opens, clicks, unsubscribes,
        complaints."""
        rng, n = self.rng, len(acc)
        self._emit("message_sent", acc, cid, sent, orow=msg)
        delivered = rng.random(n) < np.where(sms, 0.97, 0.95)
        d_t = sent + rng.integers(2, 60, n)
        self._emit("email_delivered", acc[delivered], cid[delivered], d_t[delivered],
                   orow=msg[delivered])
        bounced = ~delivered
        self._emit("email_bounced", acc[bounced], cid[bounced], d_t[bounced], orow=msg[bounced])
        opened = delivered & ~sms & (rng.random(n) < 0.35)
        o_t = d_t + np.minimum(rng.exponential(6 * 3600, n), 3 * DAY).astype(np.int64) + 300
        self._emit("email_opened", acc[opened], cid[opened], o_t[opened], orow=msg[opened])
        again = opened & (rng.random(n) < 0.3)
        self._emit("email_opened", acc[again], cid[again],
                   o_t[again] + rng.integers(3600, 2 * DAY, int(again.sum())), orow=msg[again])
        clicked = (opened & (rng.random(n) < 0.25)) | (delivered & sms & (rng.random(n) < 0.08))
        c_t = o_t + rng.integers(10, 600, n)
        self._emit("email_link_clicked", acc[clicked], cid[clicked], c_t[clicked],
                   orow=msg[clicked], detail=self._click_url(acc[clicked]))
        unsub = delivered & (rng.random(n) < 0.008)
        self._emit("email_unsubscribed", acc[unsub], cid[unsub], o_t[unsub] + 60,
                   orow=msg[unsub])
        complained = delivered & ~unsub & (rng.random(n) < 0.002)
        self._emit("email_complained", acc[complained], cid[complained], o_t[complained] + 90,
                   orow=msg[complained])

    def activity(self, n_base: int) -> None:
        w, c, rng = self.w, self.c, self.rng
        share = w.weights[c.acc] * c.activity
        sums = np.bincount(c.acc, weights=c.activity, minlength=w.n_accounts)
        cdf = np.cumsum(share / sums[c.acc])
        cdf /= cdf[-1]
        row = np.minimum(np.searchsorted(cdf, rng.random(n_base), side="right"), len(cdf) - 1)
        names = list(BASE_MIX)
        probs = np.array(list(BASE_MIX.values()))
        kind = np.searchsorted(np.cumsum(probs) / probs.sum(), rng.random(n_base), side="right")
        acc = c.acc[row]
        lo = np.maximum(c.created[row], w.plan.start_ts)
        hi = np.where(c.deleted[row] != NULL, c.deleted[row], self.end)
        t = w.local_times(rng, acc, lo, np.maximum(hi, lo + DAY))
        cid = c.cid[row].copy()
        orphan = rng.random(n_base) < 0.0005
        cid[orphan] = np.array([w.orphan_ids[a] for a in acc[orphan]], dtype=np.int64) \
            + rng.integers(0, 10, int(orphan.sum()))
        vis = np.where(rng.random(n_base) < 0.35, visitor_hash(acc, cid, False), np.uint64(0))
        anon = np.isin(kind, [names.index(x) for x in WEB]) & (rng.random(n_base) < 0.3)
        if anon.any():
            pool = np.maximum(3 * (c.offsets[acc[anon] + 1] - c.offsets[acc[anon]]), 1)
            ident = (rng.random(int(anon.sum())) ** 2 * pool).astype(np.int64)
            vis[anon] = visitor_hash(acc[anon], ident, True)
            cid[anon] = NULL
            t[anon] = w.local_times(rng, acc[anon], np.full(int(anon.sum()), w.plan.start_ts),
                                    np.full(int(anon.sum()), self.end))
        for k, etype in enumerate(names):
            sel = kind == k
            a, ci, v, tt = acc[sel], cid[sel], vis[sel], t[sel]
            if etype == "message_sent":
                keep = ci != NULL
                self.chain(a[keep], ci[keep], self._automation_messages(a[keep]), tt[keep],
                           np.zeros(int(keep.sum()), dtype=bool))
                continue
            orow = self._object_rows(etype, a)
            detail = None
            if etype == "tracked_link_clicked":
                detail = orow
            elif etype == "field_updated":
                detail = self._field_detail(orow)
            page = self._page_of(orow) if etype in ("form_viewed", "video_played") else None
            self._emit(etype, a, ci, tt, orow=orow, vis=v, page=page, detail=detail)
            if etype in FOLLOW_UPS:
                self._follow_up(etype, a, ci, v, tt, orow, page)

    def _follow_up(self, parent: str, acc: np.ndarray, cid: np.ndarray, vis: np.ndarray,
                   t: np.ndarray, orow: np.ndarray, page: np.ndarray | None) -> None:
        child, p, lo, hi = FOLLOW_UPS[parent]
        rng = self.rng
        sel = (rng.random(len(acc)) < p) & ((cid != NULL) | (parent == "video_played"))
        tt = t[sel] + rng.integers(lo, hi, int(sel.sum()))
        detail = None
        if child == "task_completed":
            detail = self.outcome0 + rng.integers(0, len(TASK_OUTCOMES), int(sel.sum()))
        self._emit(child, acc[sel], cid[sel], tt, orow=orow[sel], vis=vis[sel],
                   page=None if page is None else page[sel], detail=detail)

    def coverage(self, days: int = 30) -> None:
        """Every event type at least once in every account within the last `days` days before
        the end (adds the missing ones; matters only for tiny data sets and the demo)."""
        since = self.end - days * DAY
        seen: set[tuple[int, int]] = set()
        parts = self.buf.parts
        for acc, etype, t in zip(parts["acc"], parts["etype"], parts["t"], strict=True):
            if len(etype):  # every segment holds a single event type
                accounts = np.flatnonzero(np.bincount(acc[t >= since],
                                                      minlength=self.w.n_accounts))
                seen.update((int(a), int(etype[0])) for a in accounts)
        c, rng = self.c, self.rng
        for a in range(self.w.n_accounts):
            for etype in EVENT_TYPES:
                if (a, EVENT_CODE[etype]) in seen:
                    continue
                acc = np.array([a])
                t = self.end - rng.integers(3600, days * DAY, 1)
                row = c.pick_existing(acc, t, rng.random(1))
                if row[0] < 0:
                    row = np.array([c.offsets[a]])
                t = np.maximum(t, c.created[row] + 60)
                orow = self._object_rows(etype, acc)
                detail = None
                if etype in ("tracked_link_clicked",):
                    detail = orow
                elif etype == "email_link_clicked":
                    detail = self._click_url(acc)
                elif etype == "task_completed":
                    detail = np.array([self.outcome0])
                elif etype == "field_updated":
                    detail = self._field_detail(orow)
                page = self._page_of(orow) if etype.startswith(("form_", "video_")) else None
                self._emit(etype, acc, c.cid[row], t, orow=orow, page=page, detail=detail)

    def _emit(self, etype: str, acc: np.ndarray, cid: np.ndarray, t: np.ndarray,
              orow: np.ndarray | None = None, vis: np.ndarray | None = None,
              page: np.ndarray | None = None, detail: np.ndarray | None = None) -> None:
        keep = t < self.end
        if not keep.all():
            acc, cid, t = acc[keep], cid[keep], t[keep]
            orow = None if orow is None else orow[keep]
            vis = None if vis is None else vis[keep]
            page = None if page is None else page[keep]
            detail = None if detail is None else detail[keep]
        code = np.full(len(acc), EVENT_CODE[etype], dtype=np.int64)
        self.buf.add(acc=acc, cid=cid, vis=vis, etype=code, orow=orow, page=page, detail=detail,
                     t=t)

    # -------------------------------------------------------------------------------- assemble
    def table(self, recent_days: int | None = None) -> pa.Table:
        """The events table; with `recent_days`, every event type also occurs in every account
        within that many days before the end."""
        self.broadcasts()
        n_bc = len(self.buf)
        target = self.w.plan.n_events
        self.activity(max(int((target - n_bc) / EXPANSION), int(0.3 * target / EXPANSION), 1))
        self.coverage(max(30, (self.end - self.w.plan.start_ts) // DAY))
        if recent_days:
            self.coverage(recent_days)
        cols = self.buf.columns()
        order = np.argsort(cols["t"], kind="stable")
        cols = {k: v[order] for k, v in cols.items()}
        acc = cols["acc"]
        by_acc = np.argsort(acc.astype(np.int32), kind="stable")
        starts = np.searchsorted(acc[by_acc], np.arange(self.w.n_accounts + 1))
        seq = np.empty(len(acc), dtype=np.int64)
        seq[by_acc] = np.arange(len(acc)) - starts[acc[by_acc]] + 1
        event_id = pc.binary_join_element_wise("E", pc.cast(pa.array(seq), pa.string()), "")
        orow = cols["orow"]
        object_id = np.where(orow >= 0, self.o.oid[np.maximum(orow, 0)], NULL)
        detail = cols["detail"]
        detail = np.where(detail >= 0, detail, len(self.pool) - 1)
        return to_arrow("events", {
            "account_id": acc + 1, "event_id": event_id, "contact_id": cols["cid"],
            "visitor_id": visitor_text(cols["vis"]),
            "event_type": take_text(EVENT_TYPES, cols["etype"]), "object_id": object_id,
            "page_id": cols["page"], "detail": take_text(self.pool, detail),
            "occurred_at": cols["t"],
        })


def events_table(world: World) -> pa.Table:
    return EventGenerator(world).table()
