"""The refresh scope (crm_warehouse.refresh): the accounts to refresh come in through the run tag
and go out as dbt vars, run tags, publish arguments and the checks' SQL condition."""

import pytest

from crm_warehouse.refresh import (
    REFRESH_ACCOUNTS_TAG,
    RefreshScope,
    format_account_ids,
    parse_account_ids,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,2", [1, 2]),
        ("3, 1,3", [1, 3]),
        ("[2, 1]", [1, 2]),
        ("4 5", [4, 5]),
        ("", []),
        ("  ", []),
    ],
)
def test_account_ids_are_read_from_the_run_tag_text(text, expected):
    assert parse_account_ids(text) == expected


@pytest.mark.parametrize("text", ["all", "1,x", "1.5", "-1", "1;2", "١"])
def test_anything_but_account_ids_is_a_clear_error(text):
    with pytest.raises(ValueError, match="expected account ids") as error:
        RefreshScope.from_tag(text)
    assert REFRESH_ACCOUNTS_TAG in str(error.value)


def test_a_scope_of_some_accounts():
    scope = RefreshScope.from_tags({REFRESH_ACCOUNTS_TAG: "3,1,3", "other": "x"})
    assert scope == RefreshScope((1, 3)) == RefreshScope.of([3, 1])
    assert not scope.is_all_accounts
    assert scope.to_tag() == "1,3" == format_account_ids([3, 1, 1])
    assert scope.to_tags() == {REFRESH_ACCOUNTS_TAG: "1,3"}
    assert RefreshScope.from_tags(scope.to_tags()) == scope
    assert scope.dbt_vars() == {"refresh_accounts": [1, 3]}
    assert scope.publish_kwargs() == {"accounts": [1, 3]}
    assert scope.sql_condition() == "account_id in (1, 3)"
    assert scope.sql_condition("v.account_id") == "v.account_id in (1, 3)"
    assert scope.describe() == "accounts 1,3"


def test_no_tag_or_an_empty_tag_is_every_account():
    for scope in (
        RefreshScope.from_tags({}),
        RefreshScope.from_tag(""),
        RefreshScope(),
        RefreshScope.all_accounts(),
    ):
        assert scope.is_all_accounts
        assert scope.to_tags() == {}
        assert scope.dbt_vars() == {"refresh_accounts": []}
        assert scope.publish_kwargs() == {"accounts": None}
        assert scope.sql_condition() == "true"
        assert scope.describe() == "every account"


def test_a_scope_is_frozen_and_holds_only_account_ids():
    scope = RefreshScope((2,))
    with pytest.raises(AttributeError):
        scope.accounts = (3,)  # type: ignore[misc]
    for bad in ((-1,), ("1",), (True,), (1.0,)):
        with pytest.raises(ValueError, match="account id"):
            RefreshScope(bad)  # type: ignore[arg-type]


def test_the_dbt_vars_of_a_build_carry_the_scope():
    from crm_warehouse.dbt import build_args, dbt_vars

    variables = dbt_vars("seeds/demo", "metrics", "2026-03-31T19:00:00Z", RefreshScope((2,)))
    assert variables["refresh_accounts"] == [2]
    assert "refresh_accounts" not in dbt_vars("seeds/demo", "metrics", None)
    assert build_args(variables)[:2] == ["build", "--vars"]
    assert "unit_test" in build_args(variables, unit_tests=False)
    assert "unit_test" not in build_args(variables)
