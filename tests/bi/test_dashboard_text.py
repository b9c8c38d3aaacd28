"""User text on the dashboard shows literally: a metric named `**bold** [x](http://e.example) $x^2$`
stays those characters on its tile and in its drill-down, never bold text, a link or LaTeX; so do
account names, timeframe labels and currency codes, wherever they reach Streamlit's Markdown
(st.markdown with HTML, titles, captions, alerts, button labels, metric values, dialog titles).

The page runs headless (AppTest) on a hand-made serving file (fast, no dbt). What Streamlit's
front end would make of each element's Markdown is judged by a CommonMark parser (markdown-it-py)
plus the extensions Streamlit adds: `$...$` LaTeX, `:directive[...]`, `:emoji:` / `:material/...:`
shortcodes and typographic arrows (`a -> b`). A browser test checks the same in Chromium."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import duckdb
import pytest

from crm_warehouse.dashboard import formatting
from tests.bi.test_browser import CHROMIUM_ARGS, chromium

markdown_it = pytest.importorskip("markdown_it")

METRIC_NAME = "**bold** [x](http://e.example) $x^2$"
NASTY_NAME = "Line\n\n# Head :red[red] :material/home: :smile: a -> b <i>i</i> www.e.example `c`"
ACCOUNT_NAME = "*Acme* _Ltd_ $1$ & <b>Co</b>"
TIMEFRAME_LABEL = "Q1 *2026* :blue[x]"
CURRENCY = "*ZZ*"
WORD_JOINER = "\u2060"

# Markup a renderer must not make of user text: any of these tags, LaTeX, shortcodes, directives.
ALLOWED_TAGS = {"div", "span", "b", "br", "p"}
SHORTCODE = re.compile(r":(?:material[/_][\w-]+|streamlit|[\w+-][\w_+-]*):")
DIRECTIVE = re.compile(r":[a-z][a-z0-9-]*\[")
ARROWS = re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)")
# GFM links bare URLs and e-mail addresses in the text after escapes are resolved.
BARE_LINK = re.compile(r"(?i)https?://|www(?=\.)|[-.\w+]+@[-\w]+(?:\.[-\w]+)+")
# Streamlit's test for "this text has LaTeX" (StreamlitMarkdown), on the source without escapes.
LATEX = re.compile(r"(?<!\$)\$(?![\s$])[^$\n]*?[^\s$]\$(?!\d)")


class _Html(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(tag)

    def handle_data(self, data) -> None:
        self.text.append(data)


def rendering(source: str, allow_html: bool) -> tuple[str, list[str]]:
    """(visible text, markup made) of `source` as Streamlit's Markdown renders it."""
    source = source.replace(":material/", ":material_")  # Streamlit rewrites the raw source
    parser = markdown_it.MarkdownIt("commonmark", {"html": allow_html})
    parser.enable(["strikethrough"]).disable("text_join")
    made, shown = [], []
    for token in parser.parse(source):
        if token.type == "html_block":
            found = _Html()
            found.feed(token.content)
            made += sorted(found.tags - ALLOWED_TAGS)
            shown.append("".join(found.text))
        elif token.type == "inline":
            text = []
            for child in token.children:
                if child.type == "text":
                    text.append(child.content)
                    if "$" in child.content and LATEX.search(child.content):
                        made.append(f"LaTeX in {child.content!r}")
                    if DIRECTIVE.search(child.content):
                        made.append(f"directive in {child.content!r}")
                elif child.type == "text_special":  # a backslash escape: a literal character
                    text.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    text.append(" ")
                elif child.type.endswith("_close"):
                    continue
                else:
                    made.append(child.type)
                    text.append(child.content)
            joined = "".join(text)
            if SHORTCODE.search(joined) or ARROWS.search(joined) or BARE_LINK.search(joined):
                made.append(f"shortcode, arrow or bare link in {joined!r}")
            shown.append(joined)
        elif token.type not in ("paragraph_open", "paragraph_close"):
            made.append(token.type)
    return " ".join(shown).replace(WORD_JOINER, ""), made


def literal(text: str) -> str:
    """What a literal display shows of `text`: its characters, line breaks as spaces."""
    return " ".join(text.replace("\n", " ").split())


def shows(source: str, allow_html: bool = False) -> str:
    """The visible text of `source`, asserting no markup was made of it."""
    shown, made = rendering(source, allow_html)
    assert made == [], (source, made)
    return " ".join(shown.replace("\n", " ").split())


def test_the_model_sees_markdown_when_there_is_some():
    assert rendering(METRIC_NAME, False)[1]  # bold, link, LaTeX
    assert rendering("<div>a\n\n**b**</div>", True)[1]  # a blank line ends the HTML block
    assert rendering("a -> b", False)[1]
    assert rendering(":red[x]", False)[1]
    assert rendering("see http\\://e.example", False)[1]  # linked although escaped
    assert rendering("<div>:material/home:</div>", True)[0] != "<div>:material/home:</div>"


def test_the_escapes_keep_user_text_literal():
    for text in (METRIC_NAME, NASTY_NAME, ACCOUNT_NAME, TIMEFRAME_LABEL, "1. first", "- item",
                 "100 $ and 5 $", "AT&amp;T", "a@b.example", "back\\slash", "1:1 session"):
        assert shows(formatting.md_escape(text)) == literal(text), text
        shown = shows(f"<div class='x'>{formatting.html_escape(text)}</div>", allow_html=True)
        assert shown == literal(text), text


def make_serving(path: Path) -> Path:
    """A serving file with one account and one metric whose texts are Markdown."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("""
            create table marts.dim_accounts as
            select 1::bigint as account_id, ? as account_name, 'UTC' as timezone,
                   'sunday' as week_start, ? as currency""", [ACCOUNT_NAME, CURRENCY])
        con.execute("""
            create table marts.metric_values as
            select 1::bigint as account_id, metric_id, metric_name, 'total_value' as kind,
                'custom' as timeframe, ? as timeframe_label, 1 as timeframe_sort_order,
                42.5::decimal(38, 18) as value, null::decimal(38, 18) as numerator,
                null::bigint as denominator, null::decimal(38, 18) as median,
                40::decimal(38, 18) as previous_value, true as is_default,
                date '2026-01-01' as first_day, date '2026-03-31' as last_day,
                date '2025-10-01' as previous_first_day, date '2025-12-31' as previous_last_day,
                timestamp '2026-03-31 19:00:00' as as_of,
                timestamp '2026-03-31 19:00:00' as computed_at
            from (values ('evil', ?), ('nasty', ?)) as m(metric_id, metric_name)""",
                    [TIMEFRAME_LABEL, METRIC_NAME, NASTY_NAME])
        con.execute("""
            create table marts.dim_metrics as
            select 1::bigint as account_id, metric_id, 'sales_of' as value_type,
                'money' as unit, 'contribution_sum' as value_rule, 'value' as contribution
            from (values ('evil'), ('nasty')) as m(metric_id)""")
        con.execute("""
            create table marts.metric_members as
            select 7::bigint as contact_id, 1::bigint as account_id, 'evil' as metric_id,
                'custom' as timeframe, '**Ann**' as display_name, 'a@e.example' as email,
                timestamp '2026-01-02' as created_at, 42.5::decimal(38, 9) as contribution,
                1 as in_numerator""")
    return path


@pytest.fixture
def hostile_serving(tmp_path) -> Path:
    return make_serving(tmp_path / "serving.duckdb")


def run(at):
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def dialog_titles(node) -> list[str]:
    found = []
    proto = getattr(node, "proto", None)
    if proto is not None and "dialog" in proto.DESCRIPTOR.fields_by_name:
        if proto.HasField("dialog"):
            found.append(proto.dialog.title)
    for child in getattr(node, "children", {}).values():
        found += dialog_titles(child)
    return found


def test_metric_names_and_other_user_text_show_literally(hostile_serving, dashboard):
    at = run(dashboard(hostile_serving))
    markdown = [m.value for m in at.markdown]
    names = [shows(m, allow_html=True) for m in markdown if "crm-tile-name" in m]
    assert sorted(names) == sorted([literal(METRIC_NAME), literal(NASTY_NAME)])
    labels = [shows(m, allow_html=True) for m in markdown if "crm-timeframe" in m]
    assert labels and all(label.startswith(literal(TIMEFRAME_LABEL)) for label in labels)
    for m in markdown:  # every Markdown element of the page is free of markup made of user text
        shows(m, allow_html=True)
    assert shows(at.title[0].value) == literal(ACCOUNT_NAME)
    assert all(shows(c.value) for c in at.caption)
    assert any(literal(CURRENCY) in shows(c.value) for c in at.caption)
    value = at.button(key="value-evil").label
    assert shows(value) == "42.50 *ZZ*"

    at.button(key="value-evil").click()
    run(at)
    (title,) = dialog_titles(at._tree)
    assert shows(title) == f"{literal(METRIC_NAME)} · {literal(TIMEFRAME_LABEL)}"
    assert shows(at.success[0].value) == "Sum over 1 contact = 42.50 *ZZ*"
    drill = [shows(m.value, allow_html=True) for m in at.markdown if "crm-drill-value" in m.value]
    assert drill == [f"42.50 *ZZ*Jan 1 – Mar 31, 2026 · {literal(ACCOUNT_NAME)}"]


# -- the same in a real browser (Streamlit's own Markdown renderer) -------------------------------

@pytest.fixture
def serving(hostile_serving) -> Path:
    """The serving file that the `server` fixture (conftest) serves."""
    return hostile_serving


MARKUP = "strong, em, a, code, del, img, .katex, [data-testid='stMarkdownColoredText']"
TILE_MARKUP = MARKUP + ", h1, h2, h3, h4, h5, h6, ul, ol"


@pytest.mark.slow
@pytest.mark.xdist_group("bi")
def test_user_text_shows_literally_in_a_real_browser(server):
    executable = chromium()
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import expect, sync_playwright

    def text(locator) -> str:
        return " ".join(locator.inner_text().replace(WORD_JOINER, "").split())

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(server)
            name = page.locator(".st-key-tile-evil .crm-tile-name")
            expect(name).to_be_visible(timeout=60_000)
            assert text(name) == literal(METRIC_NAME)
            assert text(page.locator(".st-key-tile-nasty .crm-tile-name")) == literal(NASTY_NAME)
            for key in ("evil", "nasty"):
                tile = page.locator(f".st-key-tile-{key}")
                assert tile.locator(TILE_MARKUP).count() == 0, key
                assert text(tile.locator(".crm-timeframe b")) == literal(TIMEFRAME_LABEL)
                assert text(tile.locator(f".st-key-value-{key} button").first) == "42.50 *ZZ*"
            heading = page.locator("h1").first
            assert text(heading) == literal(ACCOUNT_NAME)
            assert heading.locator(MARKUP).count() == 0
            assert page.locator(".katex").count() == 0

            page.locator(".st-key-value-evil button").first.click()
            dialog = page.get_by_role("dialog")
            expect(dialog).to_be_visible(timeout=20_000)
            success = dialog.locator('[data-testid="stAlertContentSuccess"]')
            expect(success).to_be_visible(timeout=20_000)
            sentence = success.locator('[data-testid="stMarkdownContainer"]')
            assert text(sentence) == "Sum over 1 contact = 42.50 *ZZ*"  # (not its icon)
            shown = text(dialog)
            assert f"{literal(METRIC_NAME)} · {literal(TIMEFRAME_LABEL)}" in shown
            assert literal(ACCOUNT_NAME) in shown
            found = dialog.locator(MARKUP)
            assert found.count() == 0, found.first.evaluate("e => e.outerHTML")
            assert page.locator(".katex").count() == 0

            page.keyboard.press("Escape")  # close it; open the other metric's
            expect(dialog).to_be_hidden(timeout=20_000)
            page.locator(".st-key-value-nasty button").first.click()
            expect(dialog).to_be_visible(timeout=20_000)
            expect(dialog.get_by_text("No contacts behind this number.")).to_be_visible(
                timeout=20_000)
            assert f"{literal(NASTY_NAME)} · {literal(TIMEFRAME_LABEL)}" in text(dialog)
            found = dialog.locator(MARKUP)
            assert found.count() == 0, found.first.evaluate("e => e.outerHTML")
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            browser.close()
