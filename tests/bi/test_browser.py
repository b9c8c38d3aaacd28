"""The dashboard in a real browser: Streamlit serves the page on a free localhost port, headless
Chromium (Debian's package, driven by Playwright) opens it, steps a tile's timeframe, opens the
contacts behind a number, and saves docs/img/dashboard.png.

The serving file is published (into a temporary folder) from the demo build when
warehouse/warehouse.duckdb exists and can be read, else from the golden build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from crm_warehouse.dashboard.formatting import ordered_timeframes, step_timeframe
from crm_warehouse.publish import connect_serving, publish
from crm_warehouse.settings import PROJECT_DIR

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("bi")]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
# The README's screenshot is refreshed only on request (UPDATE_SCREENSHOT=1), so a test run leaves
# the tree clean; otherwise the screenshot goes to the test's temporary folder.
README_SCREENSHOT = PROJECT_DIR / "docs" / "img" / "dashboard.png"
MAX_SCREENSHOT_BYTES = 1_000_000


def chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture
def serving(request, tmp_path) -> Path:
    demo = PROJECT_DIR / "warehouse" / "warehouse.duckdb"
    if demo.exists():
        try:
            return publish(demo, tmp_path / "serving.duckdb")  # reads the demo build only
        except Exception:  # being rebuilt right now: use the golden build
            pass
    return request.getfixturevalue("golden_serving")


def pick_metric(serving: Path) -> tuple[str, str, str]:
    """(metric, default timeframe, next timeframe) of the page's first account: a metric with
    contacts behind its number at the next timeframe, so the drill-down has rows."""
    with connect_serving(path=serving) as con:
        (account_id,) = con.execute(
            "select account_id from marts.dim_accounts order by account_name, account_id limit 1"
        ).fetchone()
        rows = con.execute(
            "select metric_id, timeframe, timeframe_sort_order, is_default "
            "from marts.metric_values where account_id = ? "
            "order by lower(metric_name), metric_id", [account_id]).fetchall()
        for metric_id in dict.fromkeys(r[0] for r in rows):
            mine = [r for r in rows if r[0] == metric_id]
            order = ordered_timeframes([(r[1], r[2]) for r in mine])
            default = next((r[1] for r in mine if r[3]), order[0])
            following = step_timeframe(order, default, 1)
            (members,) = con.execute(
                "select count(*) from marts.metric_members "
                "where account_id = ? and metric_id = ? and timeframe = ?",
                [account_id, metric_id, following]).fetchone()
            if members:
                return metric_id, default, following
    pytest.fail("no metric with members in the serving file")


def has_sales_panel(serving: Path) -> bool:
    with connect_serving(path=serving) as con:
        return bool(con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = ?", ["marts", "panel_sales"]).fetchone()[0])


def save_screenshot(page, path: Path) -> None:
    """The whole page (Streamlit scrolls inside its own container: grow the viewport to it),
    as a PNG under 1 MB."""
    from PIL import Image

    height = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": int(height) + 80})
    page.wait_for_timeout(1500)
    raw = path.with_suffix(".raw.png")
    page.screenshot(path=str(raw), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 900})
    image = Image.open(raw).convert("RGB")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)
    if path.stat().st_size > MAX_SCREENSHOT_BYTES:
        image.quantize(colors=256).save(path, optimize=True)
    raw.unlink()


def test_dashboard_in_a_real_browser(server, serving, tmp_path):
    executable = chromium()
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium; scripts/test.sh "
                    "does it)")
    from playwright.sync_api import expect, sync_playwright

    metric_id, default, following = pick_metric(serving)
    tile_timeframe = f".st-key-tile-{metric_id} .crm-timeframe"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(server)
            page.wait_for_selector(tile_timeframe, timeout=60_000)
            timeframe = page.locator(tile_timeframe)
            expect(timeframe).to_have_attribute("data-timeframe", default)

            page.locator(f".st-key-next-{metric_id} button").first.click()
            expect(timeframe).to_have_attribute("data-timeframe", following, timeout=20_000)
            page.locator(f".st-key-prev-{metric_id} button").first.click()
            expect(timeframe).to_have_attribute("data-timeframe", default, timeout=20_000)
            page.locator(f".st-key-next-{metric_id} button").first.click()
            expect(timeframe).to_have_attribute("data-timeframe", following, timeout=20_000)

            for title in ("Sales", "Subscriptions", "Recent broadcasts", "Upcoming events"):
                expect(page.get_by_role("heading", name=title)).to_be_visible()
            if has_sales_panel(serving):
                # the sales chart: a bar per day, the day's details on hover
                bars = page.locator('[data-testid="stVegaLiteChart"]').first.locator(
                    "g.mark-rect path")
                expect(bars).to_have_count(7, timeout=20_000)
                bars.nth(6).hover()
                tooltip = page.locator("#vg-tooltip-element")
                expect(tooltip).to_contain_text("Revenue", timeout=10_000)
                expect(tooltip).to_contain_text("Refunds amount")
            assert page.locator('[data-testid="stException"]').count() == 0
            target = (README_SCREENSHOT if os.environ.get("UPDATE_SCREENSHOT") == "1"
                      else tmp_path / "dashboard.png")
            save_screenshot(page, target)

            page.locator(f".st-key-value-{metric_id} button").first.click()
            dialog = page.get_by_role("dialog")
            expect(dialog).to_be_visible(timeout=20_000)
            expect(dialog.locator('[data-testid="stDataFrame"]')).to_be_visible(timeout=20_000)
            expect(dialog.get_by_text("Download CSV")).to_be_visible()
            expect(dialog.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text("=")
            page.wait_for_timeout(1000)
            page.screenshot(path=str(tmp_path / "drilldown.png"))
        finally:
            browser.close()
    assert target.exists()
    assert 10_000 < target.stat().st_size < MAX_SCREENSHOT_BYTES
