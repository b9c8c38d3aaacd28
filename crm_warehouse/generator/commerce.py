"""`transactions` and `orders`: sales (paid, some refunded, declined, pending, voided) with their
refund rows, chargebacks, recurring products as orders with monthly rebills, and affiliate
commissions. Vectorised; rows written in time order with per-account ids."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .constants import ORDER_STATUSES, TRANSACTION_STATUSES, TRANSACTION_TYPES
from .schema import take_text, to_arrow
from .timeutil import DAY, NULL
from .world import World, rng_for

SALE_STATUS = {"paid": 0.86, "refunded": 0.04, "declined": 0.05, "pending": 0.025, "voided": 0.025}
REBILL_STATUS = {"paid": 0.9, "declined": 0.06, "collections": 0.02, "write_off": 0.02}
MONTH = 30 * DAY
T_CODE = {t: i for i, t in enumerate(TRANSACTION_TYPES)}
S_CODE = {s: i for i, s in enumerate(TRANSACTION_STATUSES)}


def _choice(rng: np.random.Generator, table: dict[str, float], n: int) -> np.ndarray:
    probs = np.array(list(table.values()))
    idx = np.searchsorted(np.cumsum(probs) / probs.sum(), rng.random(n), side="right")
    codes = np.array([S_CODE[s] for s in table])
    return codes[np.minimum(idx, len(codes) - 1)]


class Commerce:
    def __init__(self, world: World, sales_per_event: float = 0.0035) -> None:
        self.w = world
        self.rng = rng_for(world.plan.seed, 20)
        self.sales_per_event = sales_per_event
        self.cols: dict[str, list[np.ndarray]] = {k: [] for k in (
            "acc", "cid", "prow", "type", "status", "amount", "aff", "comm", "page", "t")}
        self.orders: dict[str, np.ndarray] = {}

    def _add(self, **cols: np.ndarray) -> None:
        keep = cols["t"] < self.w.plan.end_ts
        for k, v in cols.items():
            self.cols[k].append(v[keep])

    def build(self) -> None:
        w, rng = self.w, self.rng
        c, o = w.contacts, w.objects
        assert c is not None and o is not None
        per_acc = np.maximum(np.round(w.plan.n_events * w.weights * self.sales_per_event), 5)
        acc = np.repeat(np.arange(w.n_accounts), per_acc.astype(int))
        n = len(acc)
        # buyers: active contacts buy more (activity weights within the account)
        row = np.empty(n, dtype=np.int64)
        for a in range(w.n_accounts):
            sel = np.flatnonzero(acc == a)
            lo, hi = c.offsets[a], c.offsets[a + 1]
            p = c.activity[lo:hi] / c.activity[lo:hi].sum()
            row[sel] = lo + np.minimum(np.searchsorted(np.cumsum(p), rng.random(len(sel))),
                                       hi - lo - 1)
        start = np.maximum(c.created[row], w.plan.start_ts)
        stop = np.where(c.deleted[row] != NULL, c.deleted[row], w.plan.end_ts)
        t = w.local_times(rng, acc, start + 60, np.maximum(stop, start + DAY))
        prow = o.sample("product", acc, rng.random(n), skew=1.3)
        no_product = rng.random(n) < 0.02
        price = np.where(prow >= 0, o.price[np.maximum(prow, 0)], 0)
        amount = np.where(no_product | (price <= 0), rng.integers(5, 60, n) * 100, price)
        prow = np.where(no_product, -1, prow)
        status = _choice(rng, SALE_STATUS, n)
        page = o.sample("page", acc, rng.random(n), skew=1.0)
        lp = rng.random(n) < 0.25
        page[lp] = o.sample("landing_page", acc[lp], rng.random(int(lp.sum())))
        page_id = np.where((page >= 0) & (rng.random(n) < 0.85), o.oid[np.maximum(page, 0)], NULL)
        aff = np.where(rng.random(n) < 0.2, o.sample("affiliate", acc, rng.random(n)), -1)
        rate = rng.uniform(0.1, 0.3, n)
        comm = np.where(aff >= 0, np.round(amount * rate).astype(np.int64), NULL)
        cid = c.cid[row]
        self._add(acc=acc, cid=cid, prow=prow, type=np.full(n, T_CODE["sale"]), status=status,
                  amount=amount, aff=aff, comm=comm, page=page_id, t=t)
        # refund rows of refunded sales; chargebacks of a few paid sales
        ref = status == S_CODE["refunded"]
        self._later(ref, "refund", {"paid": 1.0}, acc, cid, prow, amount, t, DAY, 30 * DAY)
        cb = (status == S_CODE["paid"]) & (rng.random(n) < 0.006)
        self._later(cb, "chargeback", {"paid": 0.7, "collections": 0.15, "write_off": 0.15},
                    acc, cid, prow, amount, t, 10 * DAY, 60 * DAY)
        recurring = (prow >= 0) & o.recurring[np.maximum(prow, 0)] & (status == S_CODE["paid"])
        self._orders(np.flatnonzero(recurring), acc, cid, prow, amount, aff, rate, t)

    def _later(self, sel: np.ndarray, ttype: str, statuses: dict[str, float], acc: np.ndarray,
               cid: np.ndarray, prow: np.ndarray, amount: np.ndarray, t: np.ndarray,
               lo: int, hi: int) -> None:
        k = int(sel.sum())
        self._add(acc=acc[sel], cid=cid[sel], prow=prow[sel], type=np.full(k, T_CODE[ttype]),
                  status=_choice(self.rng, statuses, k), amount=amount[sel],
                  aff=np.full(k, -1), comm=np.full(k, NULL), page=np.full(k, NULL),
                  t=t[sel] + self.rng.integers(lo, hi, k))

    def _orders(self, sales: np.ndarray, acc: np.ndarray, cid: np.ndarray, prow: np.ndarray,
                amount: np.ndarray, aff: np.ndarray, rate: np.ndarray, t: np.ndarray) -> None:
        rng, end = self.rng, self.w.plan.end_ts
        n = len(sales)
        status = np.searchsorted([0.5, 0.85], rng.random(n), side="right")  # open/cancel/complete
        months = np.where(status == 2, rng.choice([6, 12], n), 1 + rng.geometric(0.25, n))
        ended = t[sales] + months * MONTH + rng.integers(-DAY, DAY, n)
        ended = np.where(status == 0, NULL, ended)
        still_open = (status > 0) & (ended >= end)
        status[still_open] = 0
        ended[still_open] = NULL
        blank = (status == 1) & (rng.random(n) < 0.1)  # cancelled, end date never recorded
        until = np.where(status == 0, end, np.where(blank, t[sales] + months * MONTH, ended))
        until = np.minimum(until, end)
        count = np.maximum((until - t[sales] - 1) // MONTH, 0)
        ended[blank] = NULL
        self.orders = {"acc": acc[sales], "cid": cid[sales], "prow": prow[sales],
                       "status": status, "start": t[sales], "end": ended}
        o = np.repeat(np.arange(n), count)
        k = np.arange(len(o)) - np.repeat(np.cumsum(count) - count, count) + 1
        s = sales[o]
        r = len(o)
        comm = np.where(aff[s] >= 0, np.round(amount[s] * rate[s]).astype(np.int64), NULL)
        self._add(acc=acc[s], cid=cid[s], prow=prow[s], type=np.full(r, T_CODE["rebill"]),
                  status=_choice(rng, REBILL_STATUS, r), amount=amount[s], aff=aff[s],
                  comm=comm, page=np.full(r, NULL),
                  t=t[s] + k * MONTH + rng.integers(-3600, 3600, r))

    def coverage(self, cols: dict[str, np.ndarray]) -> None:
        """Every type and status at least once (only tiny scales can miss one)."""
        for name, codes in (("status", S_CODE), ("type", T_CODE)):
            for code in codes.values():
                if (cols[name] == code).any():
                    continue
                candidates = np.flatnonzero((cols["type"] == T_CODE["sale"])
                                            & (cols["status"] == S_CODE["paid"]))
                i = candidates[len(candidates) // 2]
                if name == "status":
                    cols["status"][i] = code
                    continue
                for k, v in cols.items():
                    cols[k] = np.append(v, v[i])
                cols["type"][-1] = code
                cols["t"][-1] = min(cols["t"][i] + 14 * DAY, self.w.plan.end_ts - 1)
                cols["aff"][-1], cols["comm"][-1], cols["page"][-1] = -1, NULL, NULL

    def transactions_table(self) -> pa.Table:
        o = self.w.objects
        assert o is not None
        cols = {k: np.concatenate(v) for k, v in self.cols.items()}
        self.coverage(cols)
        order = np.argsort(cols["t"], kind="stable")
        cols = {k: v[order] for k, v in cols.items()}
        acc = cols["acc"]
        by_acc = np.argsort(acc, kind="stable")
        starts = np.searchsorted(acc[by_acc], np.arange(self.w.n_accounts + 1))
        tid = np.empty(len(acc), dtype=np.int64)
        tid[by_acc] = np.arange(len(acc)) - starts[acc[by_acc]] + 1

        def oid(rows: np.ndarray) -> np.ndarray:
            return np.where(rows >= 0, o.oid[np.maximum(rows, 0)], NULL)

        return to_arrow("transactions", {
            "account_id": acc + 1, "transaction_id": tid, "contact_id": cols["cid"],
            "product_id": oid(cols["prow"]), "type": take_text(TRANSACTION_TYPES, cols["type"]),
            "status": take_text(TRANSACTION_STATUSES, cols["status"]), "amount": cols["amount"],
            "affiliate_id": oid(cols["aff"]), "affiliate_commission": cols["comm"],
            "page_id": cols["page"], "occurred_at": cols["t"],
        })

    def orders_table(self) -> pa.Table:
        o, d = self.w.objects, self.orders
        assert o is not None
        order = np.lexsort((d["start"], d["acc"]))
        acc = d["acc"][order]
        starts = np.searchsorted(acc, np.arange(self.w.n_accounts + 1))
        oid = np.arange(len(acc)) - starts[acc] + 1
        by_time = np.argsort(d["start"][order], kind="stable")
        pick = order[by_time]
        return to_arrow("orders", {
            "account_id": d["acc"][pick] + 1, "order_id": oid[by_time],
            "contact_id": d["cid"][pick], "product_id": o.oid[d["prow"][pick]],
            "status": take_text(ORDER_STATUSES, d["status"][pick]),
            "started_at": d["start"][pick], "ended_at": d["end"][pick],
        })
