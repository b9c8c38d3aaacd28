"""The example queries of docs/bi.md, run the way the page tells a BI tool or notebook to: pandas
over SQLAlchemy with duckdb-engine, read-only, on the golden build's serving file."""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from crm_warehouse.dashboard.formatting import reproduce
from crm_warehouse.publish import connect_serving
from crm_warehouse.settings import PROJECT_DIR

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("bi")]


def doc_query(title: str) -> str:
    """The ```sql block of docs/bi.md whose first line is `-- <title>`."""
    text = (PROJECT_DIR / "docs" / "bi.md").read_text()
    for block in re.findall(r"```sql\n(.*?)```", text, flags=re.S):
        if block.startswith(f"-- {title}\n"):
            return block
    raise AssertionError(f"docs/bi.md has no sql block titled {title!r}")


@pytest.fixture
def engine(golden_serving):
    engine = sa.create_engine(f"duckdb:///{golden_serving}?access_mode=read_only",
                              poolclass=NullPool)
    yield engine
    engine.dispose()


def test_metric_tiles_query(engine, golden_serving):
    with engine.connect() as connection:
        tiles = pd.read_sql(sa.text(doc_query("metric tiles")), connection,
                            params={"account_id": 1})
    with connect_serving(path=golden_serving) as con:
        expected = con.execute(
            "select metric_id, value from marts.metric_values "
            "where account_id = ? and is_default order by metric_name", [1]).df()
    assert list(tiles["metric_id"]) == list(expected["metric_id"])
    assert tiles["value"].astype(float).tolist() == pytest.approx(
        expected["value"].astype(float).tolist(), nan_ok=True)
    assert set(tiles["currency"]) == {"USD"}
    revenue = tiles.set_index("metric_id").loc["revenue"]
    assert revenue["value_type"] == "sales_of"
    assert float(revenue["change_vs_previous"]) == pytest.approx((200 - 15) / 15)


def test_metric_members_query_reproduces_the_value(engine, golden_serving):
    parameters = {"account_id": 1, "metric_id": "revenue", "timeframe": "this_month"}
    with engine.connect() as connection:
        members = pd.read_sql(sa.text(doc_query("metric members")), connection,
                              params=parameters)
        value = connection.execute(sa.text(
            "select value from marts.metric_values "
            "where account_id = :account_id and metric_id = :metric_id "
            "and timeframe = :timeframe"), parameters).scalar_one()
    assert len(members) > 0
    assert reproduce("contribution_sum",
                     [Decimal(str(c)) for c in members["contribution"]]) == value
    assert list(members.columns) == ["display_name", "email", "created_at", "contribution",
                                     "in_numerator"]


def test_the_engine_is_read_only(engine):
    with engine.connect() as connection, pytest.raises(sa.exc.DBAPIError):
        connection.execute(sa.text("delete from marts.metric_values"))
