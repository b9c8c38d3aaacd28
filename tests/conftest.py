import pytest

from tests.warehouse import GOLDEN_DIR, Warehouse


@pytest.fixture(scope="session")
def golden_warehouse(tmp_path_factory) -> Warehouse:
    """The golden example of the spec, built once per test session."""
    if not GOLDEN_DIR.is_dir():
        pytest.skip(f"the spec's golden example is not at {GOLDEN_DIR} (set SPEC_DIR)")
    warehouse = Warehouse(
        tmp_path_factory.mktemp("golden"),
        landing_zone=GOLDEN_DIR / "landing",
        metrics_path=GOLDEN_DIR / "metrics.yml",
        as_of=(GOLDEN_DIR / "as_of.txt").read_text().strip(),
    )
    warehouse.build()
    return warehouse
