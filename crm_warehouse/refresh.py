"""The scope of a warehouse refresh: which accounts a run recomputes, in one place.

A run recomputes either every account or some accounts. The accounts come in through ONE channel,
the run tag `crm_warehouse/refresh_accounts` ("1,2"; absent or empty = every account), which the
refresh sensor sets and an operator can set when launching a run. `RefreshScope` turns it into
everything else that depends on it:

- `dbt_vars()`: the dbt var `refresh_accounts` (the account-level models read and rewrite only
  those accounts' rows, see macros/refresh/refresh_accounts.sql);
- `to_tags()`: the run tag again (the sensor launches runs with it);
- `publish_kwargs()`: the arguments of `crm_warehouse.publish.publish` (replace only those
  accounts' rows in the serving file);
- `sql_condition()`: `account_id in (...)`, or `true` for every account (the Python checks look
  at the rows the run wrote).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

REFRESH_ACCOUNTS_TAG = "crm_warehouse/refresh_accounts"
"""Run tag: comma-separated account ids to recompute (absent or empty = every account)."""

DBT_VAR = "refresh_accounts"
"""The dbt var that limits the account-level models to some accounts (empty list = all)."""


def parse_account_ids(text: str) -> list[int]:
    """Account ids from the run tag's text: "1,2", "[1, 2]" or "1 2", sorted and without
    duplicates ("" = none). ValueError, naming the bad part, for anything else."""
    parts = str(text).replace("[", " ").replace("]", " ").replace(",", " ").split()
    ids = set()
    for part in parts:
        if not part.isascii() or not part.isdigit():
            raise ValueError(
                f"{REFRESH_ACCOUNTS_TAG}={text!r}: {part!r} is not an account id; expected "
                "account ids (non-negative integers) separated by commas, such as 1,2"
            )
        ids.add(int(part))
    return sorted(ids)


def format_account_ids(accounts: Iterable[int]) -> str:
    """The run tag's text: sorted, comma-separated ids without duplicates."""
    return ",".join(str(account) for account in sorted({int(account) for account in accounts}))


@dataclass(frozen=True)
class RefreshScope:
    """The accounts a run recomputes; no accounts = every account."""

    accounts: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        accounts = []
        for account in self.accounts:
            if isinstance(account, bool) or not isinstance(account, int) or account < 0:
                raise ValueError(f"an account id must be a non-negative integer, got {account!r}")
            accounts.append(int(account))
        object.__setattr__(self, "accounts", tuple(sorted(set(accounts))))

    @classmethod
    def all_accounts(cls) -> RefreshScope:
        return cls(())

    @classmethod
    def of(cls, accounts: Iterable[int]) -> RefreshScope:
        return cls(tuple(accounts))

    @classmethod
    def from_tag(cls, text: str | None) -> RefreshScope:
        """From the run tag's text (None or blank = every account); ValueError when it is not a
        list of account ids."""
        return cls(tuple(parse_account_ids(text or "")))

    @classmethod
    def from_tags(cls, tags: Mapping[str, str]) -> RefreshScope:
        """From a run's tags (no `crm_warehouse/refresh_accounts` tag = every account)."""
        return cls.from_tag(tags.get(REFRESH_ACCOUNTS_TAG))

    @property
    def is_all_accounts(self) -> bool:
        return not self.accounts

    def to_tag(self) -> str:
        """The run tag's text ("" for every account)."""
        return format_account_ids(self.accounts)

    def to_tags(self) -> dict[str, str]:
        """Run tags that carry this scope ({} for every account: no tag)."""
        return {} if self.is_all_accounts else {REFRESH_ACCOUNTS_TAG: self.to_tag()}

    def dbt_vars(self) -> dict[str, list[int]]:
        """The dbt vars fragment: {"refresh_accounts": [ids]} ([] = every account)."""
        return {DBT_VAR: list(self.accounts)}

    def publish_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of crm_warehouse.publish.publish: replace only these accounts' rows
        (None = publish every mart whole)."""
        return {"accounts": None if self.is_all_accounts else list(self.accounts)}

    def sql_condition(self, column: str = "account_id") -> str:
        """A SQL condition on `column` that keeps this scope's rows: `column in (1, 2)`, or
        `true` for every account. (Only integers are put into the text.)"""
        if self.is_all_accounts:
            return "true"
        return f"{column} in ({', '.join(str(int(account)) for account in self.accounts)})"

    def describe(self) -> str:
        """For logs and metadata: "every account" or "accounts 1,2"."""
        if self.is_all_accounts:
            return "every account"
        return f"account{'s' if len(self.accounts) > 1 else ''} {self.to_tag()}"
