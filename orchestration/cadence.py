"""The refresh cadence of the spec (metrics.md section 7, "Freshness") as pure functions.

An account is *due* for a recompute when:

- it was never computed, or its computation is not in the serving file (readers never saw it);
- the build file holds a newer computation than the serving file (its publish failed or was
  blocked by a check): due at once, so a failed publish is retried in the next 15-minute bucket;
- a dashboard visit came after its last computation and nobody had visited its dashboard in the
  72 hours before that visit (someone is back after a pause): due at once;
- its dashboard was visited in the last 72 hours and it was last computed 15 minutes ago or more;
- otherwise, it was last computed 24 hours ago or more.

Freshness is what readers see: `last_computed_at` is the account's computed_at in the serving
file, `built_at` the one in the build file. No clock is read here: every function takes `now`,
so tests freeze time by passing it. Instants
are naive UTC (aware values are converted), as the warehouse stores them. The sensor launches the
due accounts; the `accounts_within_cadence` asset check calls the same function at `now - grace`
to find accounts that stayed due for longer than the grace period (overdue).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

RECENT_VISITS = timedelta(hours=72)
"""Visited within this window: the account is active and refreshed every ACTIVE_INTERVAL."""
ACTIVE_INTERVAL = timedelta(minutes=15)
IDLE_INTERVAL = timedelta(hours=24)
PAUSE = timedelta(hours=72)
"""A visit with no other visit in this window before it starts a new session: due at once."""
VISITS_NEEDED = PAUSE + IDLE_INTERVAL
"""How far back visits must reach for the decision at `now` (older visits change none: an
account computed more than IDLE_INTERVAL ago is due anyway)."""


def as_utc(moment: datetime) -> datetime:
    """A naive UTC instant (aware instants converted, naive ones taken as UTC)."""
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


@dataclass(frozen=True)
class AccountActivity:
    """What the cadence depends on for one account."""

    account_id: int
    last_computed_at: datetime | None
    """When the account's published marts were computed (`computed_at` in the serving file, what
    readers see); None = never published."""
    visits: Sequence[datetime] = field(default_factory=tuple)
    """Dashboard visits, at least those of the VISITS_NEEDED before `now` (any order)."""
    built_at: datetime | None = None
    """When the account's marts in the build file were computed; None = not in the build (or
    not known). Newer than `last_computed_at`: a computation that was not published."""


@dataclass(frozen=True)
class DueAccount:
    account_id: int
    reason: str


def _ago(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h" if hours < 72 else f"{hours // 24} days"


def due_reason(activity: AccountActivity, now: datetime) -> str | None:
    """Why the account must be recomputed at `now`, or None when it is fresh enough."""
    now = as_utc(now)
    built = as_utc(activity.built_at) if activity.built_at is not None else None
    if activity.last_computed_at is None:
        if built is not None and built <= now:
            return "computed but not in the serving file (its publish failed): due at once"
        return "never computed"
    computed = as_utc(activity.last_computed_at)
    if built is not None and computed < built <= now:
        return (
            f"computed {_ago(now - built)} ago but not published (the serving file has the "
            f"computation of {_ago(now - computed)} ago): due at once"
        )
    visits = sorted(as_utc(visit) for visit in activity.visits if as_utc(visit) <= now)
    for index, visit in enumerate(visits):
        if visit <= computed:
            continue
        previous = visits[index - 1] if index else None
        if previous is None or visit - previous > PAUSE:
            return f"visit {_ago(now - visit)} ago after a pause of more than 72 h: due at once"
    age = now - computed
    if visits and now - visits[-1] <= RECENT_VISITS:
        if age >= ACTIVE_INTERVAL:
            return (
                f"visited {_ago(now - visits[-1])} ago, last computed {_ago(age)} ago "
                "(every 15 min while visited in the last 72 h)"
            )
        return None
    if age >= IDLE_INTERVAL:
        return f"last computed {_ago(age)} ago (every 24 h without recent visits)"
    return None


def due_accounts(activities: Iterable[AccountActivity], now: datetime) -> list[DueAccount]:
    """The accounts due at `now`, by account id."""
    due = []
    for activity in sorted(activities, key=lambda item: item.account_id):
        reason = due_reason(activity, now)
        if reason is not None:
            due.append(DueAccount(activity.account_id, reason))
    return due


def time_bucket(now: datetime, size: timedelta = ACTIVE_INTERVAL) -> datetime:
    """The start of the `size` window holding `now`: a sensor asks once per bucket."""
    now = as_utc(now)
    seconds = int(size.total_seconds())
    epoch = datetime(1970, 1, 1)
    elapsed = int((now - epoch).total_seconds())
    return epoch + timedelta(seconds=elapsed - elapsed % seconds)
