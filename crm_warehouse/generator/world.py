"""The generator's shared state: the plan (sizes, dates, seed), the accounts, their objects and
contacts as numpy arrays, and vectorised samplers over them. Tables are built from a `World` by
the modules `entities`, `events`, `commerce` and `engagement`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .constants import OBJECT_TYPES
from .timeutil import DAY, LocalClock, daytime_seconds, epoch_seconds

TYPE_CODE: dict[str, int] = {t: i for i, t in enumerate(OBJECT_TYPES)}


@dataclass
class Plan:
    """What to generate. Good data lives in [start, end_ts); `end_ts` is exclusive."""

    seed: int
    start: date
    end_ts: int
    n_accounts: int
    n_contacts: int
    n_events: int
    account_names: list[str] | None = None
    account_timezones: list[str] | None = None
    account_weights: list[float] | None = None
    week_starts: list[str | None] | None = None
    currencies: list[str | None] | None = None
    min_contacts: int = 20

    @property
    def start_ts(self) -> int:
        return epoch_seconds(self.start)

    @property
    def n_days(self) -> int:
        return -(-(self.end_ts - self.start_ts) // DAY)


def rng_for(seed: int, *stream: int) -> np.random.Generator:
    """An independent, reproducible random stream per (seed, component)."""
    return np.random.default_rng(np.random.SeedSequence([seed, *stream]))


@dataclass
class Objects:
    """All objects of all accounts, sorted by (type, account) for per-type sampling."""

    acc: np.ndarray  # account index (0-based)
    oid: np.ndarray
    otype: np.ndarray  # index into OBJECT_TYPES
    name: list[str]
    url: list[str | None]
    price: np.ndarray  # cents, NULL when not a product
    recurring: np.ndarray  # bool, products billed monthly
    host_page: np.ndarray  # forms/videos: object id of the page they sit on (NULL otherwise)
    offsets: dict[int, np.ndarray] = field(default_factory=dict)  # type -> per-account offsets
    order: dict[int, np.ndarray] = field(default_factory=dict)  # type -> row indexes

    def index(self, n_accounts: int) -> None:
        for code in range(len(OBJECT_TYPES)):
            rows = np.flatnonzero(self.otype == code)
            rows = rows[np.argsort(self.acc[rows], kind="stable")]
            self.order[code] = rows
            self.offsets[code] = np.searchsorted(self.acc[rows], np.arange(n_accounts + 1))

    def sample(self, type_name: str, acc: np.ndarray, u: np.ndarray, skew: float = 1.6,
               limit: np.ndarray | None = None) -> np.ndarray:
        """Row indexes of objects of `type_name` in each event's account; earlier objects are
        more popular (u ** skew). `limit` (per account) restricts the choice to the first ones.
        Accounts without such an object get -1."""
        code = TYPE_CODE[type_name]
        off = self.offsets[code]
        lo = off[acc]
        count = off[acc + 1] - lo
        if limit is not None:
            count = np.minimum(count, limit[acc])
        pick = lo + np.minimum((u ** skew * count).astype(np.int64), np.maximum(count - 1, 0))
        rows = self.order[code]
        out = np.full(len(acc), -1, dtype=np.int64)
        ok = count > 0
        out[ok] = rows[pick[ok]]
        return out

    def rows_of(self, type_name: str, account: int) -> np.ndarray:
        code = TYPE_CODE[type_name]
        off = self.offsets[code]
        return self.order[code][off[account]:off[account + 1]]


@dataclass
class Contacts:
    """All contacts, sorted by (account, created_at); contact_id = rank within the account + 1."""

    acc: np.ndarray
    cid: np.ndarray
    created: np.ndarray
    deleted: np.ndarray  # NULL when not deleted
    activity: np.ndarray  # relative activity (power law)
    offsets: np.ndarray  # per-account offsets into the arrays

    def existing(self, acc: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Number of contacts of each account created at or before t (they are a prefix)."""
        key = self.acc.astype(np.int64) * (1 << 40) + (self.created - self.created.min())
        probe = acc.astype(np.int64) * (1 << 40) + (t - self.created.min())
        return np.searchsorted(key, probe, side="right") - self.offsets[acc]

    def pick_existing(self, acc: np.ndarray, t: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Row index of a contact of the account created at or before t (uniform), -1 if none."""
        n = self.existing(acc, t)
        rows = self.offsets[acc] + np.minimum((u * n).astype(np.int64), np.maximum(n - 1, 0))
        return np.where(n > 0, rows, -1)


@dataclass
class Broadcast:
    acc: np.ndarray
    bid: np.ndarray
    sent: np.ndarray
    channel: np.ndarray  # 0 email, 1 sms
    name: list[str]
    message_row: np.ndarray  # row in Objects of the broadcast's message


@dataclass
class World:
    plan: Plan
    clock: LocalClock
    account_names: list[str]
    timezones: list[str]  # per account
    tz_index: np.ndarray  # per account, index into clock time zones
    week_starts: list[str | None]
    currencies: list[str | None]
    domains: list[str]
    weights: np.ndarray  # share of events per account (sums to 1)
    objects: Objects | None = None
    contacts: Contacts | None = None
    broadcasts: Broadcast | None = None
    orphan_ids: dict[int, int] = field(default_factory=dict)  # account -> first missing id

    @property
    def n_accounts(self) -> int:
        return len(self.account_names)

    def local_times(self, rng: np.random.Generator, acc: np.ndarray, lo: np.ndarray,
                    hi: np.ndarray) -> np.ndarray:
        """Instants in [lo, hi) per row, on a uniform local day, at a local daytime."""
        tz = self.tz_index[acc]
        d_lo = self.clock.local_day(tz, lo)
        d_hi = self.clock.local_day(tz, np.maximum(hi - 1, lo))
        span = np.maximum(d_hi - d_lo + 1, 1)
        day = d_lo + (rng.random(len(acc)) * span).astype(np.int64)
        t = self.clock.to_utc(tz, day, daytime_seconds(rng, len(acc)))
        # outside [lo, hi) after the daytime draw: fall back to a uniform instant inside
        bad = (t < lo) | (t >= hi)
        if bad.any():
            width = np.maximum(hi[bad] - lo[bad], 1)
            t[bad] = lo[bad] + (rng.random(int(bad.sum())) * width).astype(np.int64)
        return t
