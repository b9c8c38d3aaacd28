"""The refresh cadence (metrics.md section 7) as a pure function of a frozen clock: every 15 minutes
while the dashboard was visited in the last 72 hours, every 24 hours otherwise, at once after a
visit that follows a pause."""

from datetime import UTC, datetime, timedelta

from orchestration.cadence import (
    AccountActivity,
    due_accounts,
    due_reason,
    time_bucket,
)

NOW = datetime(2026, 3, 31, 19, 0, 0)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def account(
    account_id: int = 1,
    computed_ago: timedelta | None = None,
    visits_ago: tuple[timedelta, ...] = (),
) -> AccountActivity:
    return AccountActivity(
        account_id,
        None if computed_ago is None else NOW - computed_ago,
        tuple(NOW - ago for ago in visits_ago),
    )


def is_due(activity: AccountActivity, at: datetime = NOW) -> bool:
    return due_reason(activity, at) is not None


def test_visited_an_hour_ago_is_due_15_minutes_after_the_last_computation_not_before():
    visited = (HOUR,)
    assert not is_due(account(computed_ago=14 * MINUTE, visits_ago=visited))
    assert not is_due(
        account(computed_ago=14 * MINUTE + 59 * timedelta(seconds=1), visits_ago=visited)
    )
    assert is_due(account(computed_ago=15 * MINUTE, visits_ago=visited))
    assert is_due(account(computed_ago=3 * HOUR, visits_ago=visited))


def test_visited_4_days_ago_is_due_after_24_hours_not_before():
    visited = (4 * DAY,)
    assert not is_due(account(computed_ago=15 * MINUTE, visits_ago=visited))
    assert not is_due(account(computed_ago=23 * HOUR + 59 * MINUTE, visits_ago=visited))
    assert is_due(account(computed_ago=24 * HOUR, visits_ago=visited))


def test_never_visited_is_due_every_24_hours():
    assert not is_due(account(computed_ago=23 * HOUR))
    assert "24 h" in due_reason(account(computed_ago=25 * HOUR), NOW)


def test_visited_exactly_72_hours_ago_still_counts_as_recent_and_then_stops():
    visited = (72 * HOUR,)
    assert is_due(account(computed_ago=20 * MINUTE, visits_ago=visited))
    assert not is_due(account(computed_ago=20 * MINUTE, visits_ago=(72 * HOUR + MINUTE,)))


def test_a_visit_after_a_long_pause_makes_only_that_account_due_at_once():
    returning = account(1, computed_ago=5 * MINUTE, visits_ago=(2 * MINUTE, 10 * DAY))
    regular = account(2, computed_ago=5 * MINUTE, visits_ago=(2 * MINUTE, 2 * HOUR))
    idle = account(3, computed_ago=5 * MINUTE)
    due = due_accounts([idle, regular, returning], NOW)
    assert [item.account_id for item in due] == [1]
    assert "pause" in due[0].reason


def test_a_first_ever_visit_counts_as_a_visit_after_a_pause():
    assert is_due(account(computed_ago=MINUTE, visits_ago=(10 * timedelta(seconds=1),)))


def test_after_the_recompute_the_returning_visit_no_longer_makes_it_due():
    computed_after_the_visit = account(computed_ago=MINUTE, visits_ago=(2 * MINUTE, 10 * DAY))
    assert not is_due(computed_after_the_visit)
    assert is_due(computed_after_the_visit, at=NOW + 14 * MINUTE + timedelta(seconds=1))


def test_a_visit_that_continues_a_session_is_not_a_pause():
    continuing = account(computed_ago=5 * MINUTE, visits_ago=(2 * MINUTE, 71 * HOUR))
    assert not is_due(continuing)


def test_future_visits_and_computations_are_ignored():
    assert not is_due(account(computed_ago=-HOUR, visits_ago=(-MINUTE,)))
    assert not is_due(account(computed_ago=MINUTE, visits_ago=(-MINUTE,)))


def test_never_computed_is_due():
    assert due_reason(account(computed_ago=None), NOW) == "never computed"


def test_aware_and_naive_utc_instants_are_the_same():
    aware = AccountActivity(1, (NOW - 20 * MINUTE).replace(tzinfo=UTC), (NOW - HOUR,))
    assert is_due(aware, NOW.replace(tzinfo=UTC))


def test_time_buckets_are_15_minutes_wide():
    assert time_bucket(datetime(2026, 3, 31, 19, 14, 59)) == datetime(2026, 3, 31, 19, 0)
    assert time_bucket(datetime(2026, 3, 31, 19, 15, 0)) == datetime(2026, 3, 31, 19, 15)


def test_a_computation_newer_than_the_published_one_is_due_at_once():
    """last_computed_at is what the serving file holds; built_at what the build holds. A newer
    build that was not published (failed publish) is due at once, whatever the cadence."""
    stale = AccountActivity(1, NOW - 20 * MINUTE, (), built_at=NOW - 5 * MINUTE)
    assert "not published" in due_reason(stale, NOW)
    published = AccountActivity(1, NOW - 5 * MINUTE, (), built_at=NOW - 5 * MINUTE)
    assert not is_due(published)
    # a build after `now` (seen from the past, as the cadence check does) does not count yet
    assert not is_due(AccountActivity(1, NOW - 20 * MINUTE, (), built_at=NOW + MINUTE))
    missing = AccountActivity(1, None, (), built_at=NOW - 5 * MINUTE)
    assert "not in the serving file" in due_reason(missing, NOW)
    assert due_reason(AccountActivity(1, None, ()), NOW) == "never computed"
