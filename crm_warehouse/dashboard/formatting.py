"""Pure helpers of the dashboard page (no Streamlit, no database): formatting a metric value by its
unit, the change against the previous period, "Last updated ... ago", stepping through timeframes,
and recomputing a value from its members (the drill-down proof).

Nothing here knows kind names: a metric is presented by its kind's rules as `marts.dim_metrics`
publishes them from the seed `metric_kinds` (`Presentation`: unit, value rule, contribution)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

DASH = "—"

# The 13 built-in timeframes of metrics.md §4 in the order the arrows step through them; a metric
# with a custom range also has `custom`, after them.
BUILT_IN_TIMEFRAMES = (
    "today", "yesterday", "last_7_days", "this_week", "last_week", "last_week_to_date",
    "this_month", "last_month", "last_month_to_date", "last_30_days", "last_year",
    "last_year_to_date", "year_to_date",
)


CURRENCY_SYMBOLS = {
    "USD": "$", "EUR": "€", "GBP": "£", "INR": "₹", "JPY": "¥", "CNY": "¥", "KRW": "₩",
    "AUD": "A$", "CAD": "CA$", "NZD": "NZ$", "HKD": "HK$", "SGD": "S$", "MXN": "MX$",
    "BRL": "R$", "CHF": "CHF ", "ZAR": "R", "ILS": "₪", "PHP": "₱", "NGN": "₦",
}
ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "CLP", "ISK", "VND"})


# -- user text on the page ------------------------------------------------------------------------
# Metric names, account names, timeframe labels, currency codes, event titles ... are data: the page
# shows them literally. Everything Streamlit renders goes through its Markdown (CommonMark + GFM,
# `$...$` LaTeX, `:color[...]` directives, `:emoji:` / `:material/...:` shortcodes, typographic
# arrows such as `->`), so user text is escaped for the context it lands in: `md_escape` for
# Markdown (titles, captions, alerts, labels, metric values, dialog titles), `html_escape` inside
# the page's own HTML (st.markdown(..., unsafe_allow_html=True)).

MARKDOWN_SPECIAL = "\\`*_{}[]()#+!|$~<>:&@"
_MARKDOWN_SPECIAL = re.compile("([" + re.escape(MARKDOWN_SPECIAL) + "])")
WORD_JOINER = "\u2060"  # invisible; breaks up what Streamlit rewrites after escapes are resolved
_TYPOGRAPHIC_PAIRS = re.compile(r"(?<=[-<>~])(?=[-<>=])")  # -- -> <- <-> >= <= ~=
# after an (escaped) `:` or `@`: :smile: :material/x: :streamlit: http:// a@b.example
_AFTER_COLON_OR_AT = re.compile(r"(?<=\\[:@])(?=\S)")
_LINE_START_MARKER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^-(?=\s|$)")  # lists: "1. " "- "
_BARE_WWW = re.compile(r"(?i)\b(www)\.")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\t\f\v]")


def md_escape(text: Any) -> str:
    """`text` for a Streamlit Markdown context, shown as its characters: no emphasis, links,
    code, LaTeX, headings, lists, directives, shortcodes, bare URLs or typographic arrows. Line
    breaks become spaces (a label or title is one line). Some rewrites work on the text after
    escapes are resolved (GFM's bare `http://`, `www.` and e-mail links, Streamlit's arrows and
    `:shortcodes:`): invisible word joiners break those up (after `:` and `@`, inside `->`-like
    pairs, between `www` and `.`)."""
    text = _LINE_BREAKS.sub(" ", str(text)).strip()
    text = _TYPOGRAPHIC_PAIRS.sub(WORD_JOINER, text)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _AFTER_COLON_OR_AT.sub(WORD_JOINER, text)
    text = _BARE_WWW.sub(rf"\1{WORD_JOINER}\\.", text)
    return _LINE_START_MARKER.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1)
                                  else "\\-", text)


_HTML_ESCAPES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    # A blank line would end the HTML block and start Markdown: keep every line break inside.
    "\r": "&#13;", "\n": "&#10;",
    # Inside an HTML block Markdown is not parsed, but Streamlit scans the raw source first: it
    # rewrites `:material/` and looks for `$...$` (LaTeX) and `:shortcodes:`.
    ":": "&#58;", "$": "&#36;",
}
_HTML_SPECIAL = re.compile("|".join(re.escape(char) for char in _HTML_ESCAPES))


def html_escape(text: Any) -> str:
    """`text` for the page's own HTML (element text or a quoted attribute value), shown as its
    characters."""
    return _HTML_SPECIAL.sub(lambda m: _HTML_ESCAPES[m.group(0)], str(text))


def is_missing(value: Any) -> bool:
    """None, NaN and pandas' NA/NaT are missing."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):  # pandas.NA raises on bool()
        return True


def as_float(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


def format_count(value: Any) -> str:
    number = as_float(value)
    if number is None:
        return DASH
    if number == int(number):
        return f"{int(number):,}"
    return f"{number:,.2f}"


def format_decimal(value: Any, places: int = 2) -> str:
    number = as_float(value)
    return DASH if number is None else f"{number:,.{places}f}"


def format_percent(fraction: Any, places: int = 1) -> str:
    """A rate stored as a fraction (0.25) shown as a percentage (25.0%)."""
    number = as_float(fraction)
    return DASH if number is None else f"{number * 100:,.{places}f}%"


def format_money(value: Any, currency: str | None) -> str:
    """-$1,234.50, ₹5,000.00, 1,234.50 XYZ for a currency without a known symbol."""
    number = as_float(value)
    if number is None:
        return DASH
    code = (currency or "").upper()
    places = 0 if code in ZERO_DECIMAL_CURRENCIES else 2
    digits = f"{abs(number):,.{places}f}"
    sign = "-" if number < 0 and float(digits.replace(",", "")) != 0 else ""
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol is not None:
        return f"{sign}{symbol}{digits}"
    return f"{sign}{digits} {code}".rstrip()


def format_duration(seconds: Any) -> str:
    """Two units at most: 6d 2h, 5h 3m, 12m 5s, 45s."""
    number = as_float(seconds)
    if number is None:
        return DASH
    total = int(round(abs(number)))
    sign = "-" if number < 0 and total else ""
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        text = f"{days}d {hours}h"
    elif hours:
        text = f"{hours}h {minutes}m"
    elif minutes:
        text = f"{minutes}m {secs}s"
    else:
        text = f"{secs}s"
    return sign + text


# unit (dim_metrics.unit) -> how a value of that unit is shown; every unit of the seed
# metric_kinds is here (`value` resolves to money or number in dim_metrics).
UNITS: dict[str, str] = {
    "contacts": "count",
    "occurrences": "count",
    "occurrences_per_contact": "decimal",
    "fraction": "percent",
    "seconds": "duration",
    "money": "money",
    "number": "decimal",
}

# contribution (dim_metrics.contribution) -> the drill-down's column label.
CONTRIBUTION_LABELS: dict[str, str] = {
    "occurrences": "Events",
    "conversions": "Conversions",
    "seconds_to_convert": "Seconds",
}


@dataclass(frozen=True)
class Presentation:
    """How one metric's numbers are shown and re-added: its kind's unit, value rule and
    contribution, as marts.dim_metrics publishes them (seed metric_kinds)."""

    unit: str | None = None
    value_rule: str | None = None
    contribution: str | None = None

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Presentation:
        def text(name: str) -> str | None:
            value = row.get(name)
            return None if is_missing(value) else str(value)

        return cls(text("unit"), text("value_rule"), text("contribution"))

    @property
    def is_money(self) -> bool:
        return self.unit == "money"

    @property
    def counts_conversions(self) -> bool:
        return self.contribution == "conversions"


def format_value(presentation: Presentation, value: Any, currency: str | None = None) -> str:
    """A metric value as its tile shows it, by its unit (an unknown unit: a plain decimal)."""
    style = UNITS.get(presentation.unit or "", "decimal")
    formatters: dict[str, Callable[[Any], str]] = {
        "count": format_count,
        "decimal": format_decimal,
        "percent": format_percent,
        "duration": format_duration,
        "money": lambda number: format_money(number, currency),
    }
    return formatters[style](value)


def contribution_label(presentation: Presentation) -> str:
    """What a member's contribution is (metrics.md §5, Members)."""
    if presentation.contribution in CONTRIBUTION_LABELS:
        return CONTRIBUTION_LABELS[presentation.contribution]
    return "Amount" if presentation.is_money else "Value"


def change(value: Any, previous: Any) -> tuple[str, str]:
    """(direction, text) of the change against the previous period: direction is up, down, flat
    or none; text is like "▲ 12.5%", "▼ 3.0%", "▲ new" (from 0), "0%" or "" (nothing to compare)."""
    current, before = as_float(value), as_float(previous)
    if current is None or before is None:
        return "none", ""
    if math.isclose(current, before, rel_tol=1e-12, abs_tol=1e-12):
        return "flat", "■ 0%"
    if before == 0:
        return ("up", "▲ new") if current > 0 else ("down", "▼ from 0")
    percent = (current - before) / abs(before) * 100
    arrow, direction = ("▲", "up") if percent > 0 else ("▼", "down")
    magnitude = abs(percent)
    text = f"{magnitude:,.0f}%" if magnitude >= 100 else f"{magnitude:.1f}%"
    return direction, f"{arrow} {text}"


def format_ago(then: Any, now: datetime | None = None) -> str:
    """"just now", "5 minutes ago", "1 day ago" for a naive-UTC or aware timestamp."""
    if is_missing(then):
        return "never"
    if hasattr(then, "to_pydatetime"):
        then = then.to_pydatetime()
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "just now"
    for size, unit in ((86_400 * 365, "year"), (86_400 * 30, "month"), (86_400, "day"),
                       (3_600, "hour"), (60, "minute")):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


def format_day(day: Any, with_year: bool = True) -> str:
    if is_missing(day):
        return DASH
    if isinstance(day, datetime):  # pandas' Timestamp too
        day = day.date()
    if not isinstance(day, date):
        day = date.fromisoformat(str(day)[:10])
    text = f"{day:%b} {day.day}"
    return f"{text}, {day.year}" if with_year else text


def format_range(first_day: Any, last_day: Any) -> str:
    """"Jun 30, 2026" or "Jun 23 – Jun 29, 2026" or "Dec 1, 2025 – Jan 5, 2026"."""
    if is_missing(first_day) or is_missing(last_day):
        return ""
    first, last = format_day(first_day), format_day(last_day)
    if first == last:
        return first
    if first[-4:] == last[-4:]:
        return f"{format_day(first_day, with_year=False)} – {last}"
    return f"{first} – {last}"


def ordered_timeframes(rows: Sequence[tuple[str, Any]]) -> list[str]:
    """Timeframe keys of one metric, in stepping order: by sort order, then the built-in order,
    `custom` last. `rows` are (timeframe, sort_order) pairs."""
    def key(row: tuple[str, Any]) -> tuple:
        timeframe, sort_order = row
        builtin = (BUILT_IN_TIMEFRAMES.index(timeframe) if timeframe in BUILT_IN_TIMEFRAMES
                   else len(BUILT_IN_TIMEFRAMES))
        order = as_float(sort_order)
        return (order if order is not None else builtin, builtin, timeframe)

    seen: dict[str, None] = {}
    for timeframe, _ in sorted(rows, key=key):
        seen.setdefault(timeframe, None)
    return list(seen)


def step_timeframe(timeframes: Sequence[str], current: str | None, step: int) -> str:
    """The timeframe `step` places after (or before, when negative) `current`, wrapping around
    both ends; the first one when `current` is not in the list."""
    if not timeframes:
        raise ValueError("no timeframes to step through")
    if current not in timeframes:
        return timeframes[0]
    return timeframes[(list(timeframes).index(current) + step) % len(timeframes)]


def reproduce(value_rule: str | None, contributions: Sequence[Any]) -> Decimal | None:
    """A metric value recomputed from its members' contributions by its value rule (metrics.md
    §5): the number of members (member_count), their sum (contribution_sum), or the sum over
    the number of members (contribution_ratio; null when there is no member)."""
    values = [Decimal(str(c)) if not isinstance(c, Decimal) else c for c in contributions
              if not is_missing(c)]
    count = len(list(contributions))
    if value_rule == "member_count":
        return Decimal(count)
    total = sum(values, Decimal(0))
    if value_rule == "contribution_sum":
        return total
    return None if count == 0 else total / count


def reproduce_text(presentation: Presentation, contributions: Sequence[Any],
                   converted: int | None = None, currency: str | None = None) -> str:
    """One sentence saying how the listed contacts add up to the tile's value."""
    members = len(list(contributions))
    noun = "contact" if members == 1 else "contacts"
    total = sum((Decimal(str(c)) for c in contributions if not is_missing(c)), Decimal(0))
    shown = format_value(presentation, reproduce(presentation.value_rule, contributions),
                         currency)
    if presentation.value_rule == "member_count":
        return f"{members:,} {noun} = {shown}"
    summed = {
        "occurrences": f"{format_count(total)} events",
        "conversions": f"{format_count(total)} conversions",
        "seconds_to_convert": f"{format_duration(total)} in total",
    }.get(presentation.contribution or "")
    if presentation.value_rule == "contribution_sum":
        if summed is None:
            return f"Sum over {members:,} {noun} = {shown}"
        return f"{summed} by {members:,} {noun} = {shown}"
    if summed is None:
        summed = f"Sum {format_value(presentation, total, currency)}"
    done = (f"{converted:,} converted, "
            if converted is not None and presentation.counts_conversions else "")
    return f"{done}{summed} / {members:,} {noun} = {shown}"
