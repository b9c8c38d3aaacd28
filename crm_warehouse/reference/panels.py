"""The six Kartra-style panels (dashboards.md), per account at as-of.

"The week" is the 7 local days ending today (today included). Only rows at or before as-of
count, and every staged row of the account counts, also rows of contacts missing from contacts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from .account import AccountData, display_name, is_purchase
from .metrics import money_sum


def week_days(data: AccountData) -> list[date]:
    return [data.today - timedelta(days=offset) for offset in range(6, -1, -1)]


def in_week(data: AccountData, instant: datetime | None, days: list[date]) -> bool:
    """At or before as-of, on one of the week's local days."""
    if instant is None or instant > data.as_of:
        return False
    return days[0] <= data.day(instant) <= days[-1]


def rate(part: int, base: int) -> tuple[float | None, float | None]:
    """(fraction, percentage 0-100) of a base; both None when the base is 0."""
    if base == 0:
        return None, None
    return part / base, 100 * part / base


def visitor(event: dict[str, Any]) -> tuple[str, Any] | None:
    """Who did it: the contact id, else the visitor id (None when neither is known)."""
    if event["contact_id"] is not None:
        return ("contact", event["contact_id"])
    if event["visitor_id"] is not None:
        return ("visitor", event["visitor_id"])
    return None


def distinct_visitors(events: list[dict[str, Any]]) -> int:
    return len({v for v in map(visitor, events) if v is not None})


# --- 1. sales -----------------------------------------------------------------------------------

def _sales_figures(transactions: list[dict[str, Any]]) -> dict[str, Any]:
    sales = [t for t in transactions if is_purchase(t) and t["type"] == "sale"]
    rebills = [t for t in transactions if is_purchase(t) and t["type"] == "rebill"]
    refunds = [t for t in transactions if t["type"] in ("refund", "chargeback")]
    purchases = sales + rebills
    revenue = money_sum([t["amount"] for t in purchases])
    refunds_amount = money_sum([t["amount"] for t in refunds])
    commissions = money_sum([t["affiliate_commission"] for t in purchases
                             if t["affiliate_commission"] is not None])
    return {
        "sales_count": len(sales), "sales_amount": money_sum([t["amount"] for t in sales]),
        "rebills_count": len(rebills), "rebills_amount": money_sum([t["amount"] for t in rebills]),
        "refunds_count": len(refunds), "refunds_amount": refunds_amount,
        "affiliate_commissions": commissions,
        "sales_and_rebills_count": len(purchases), "sales_and_rebills_amount": revenue,
        "revenue": revenue, "profit": revenue - refunds_amount - commissions,
    }


SALES_COLUMNS = [
    "account_id", "section", "day", "sales_count", "sales_amount", "rebills_count",
    "rebills_amount", "refunds_count", "refunds_amount", "affiliate_commissions",
    "sales_and_rebills_count", "sales_and_rebills_amount", "revenue", "profit", "rank",
    "affiliate_id", "affiliate_name",
]


def panel_sales(data: AccountData) -> list[dict[str, Any]]:
    days = week_days(data)
    week = [t for t in data.transactions if in_week(data, t["occurred_at"], days)]
    blank = dict.fromkeys(SALES_COLUMNS)
    rows = []
    for day in days:
        rows.append({**blank, "account_id": data.account_id, "section": "daily", "day": day,
                     **_sales_figures([t for t in week if t["_day"] == day])})
    rows.append({**blank, "account_id": data.account_id, "section": "week_total",
                 **_sales_figures(week)})
    by_affiliate: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for tx in week:
        if is_purchase(tx) and tx["affiliate_id"] is not None:
            by_affiliate[tx["affiliate_id"]].append(tx)
    ranked = sorted(
        by_affiliate,
        key=lambda a: (-len(by_affiliate[a]),
                       -sum((t["amount"] for t in by_affiliate[a]), Decimal(0)), a),
    )
    for rank, affiliate_id in enumerate(ranked[:3], start=1):
        purchases = by_affiliate[affiliate_id]
        obj = data.objects.get(affiliate_id)
        who = {"rank": rank, "affiliate_id": affiliate_id,
               "affiliate_name": obj["name"] if obj else None}
        rows.append({**blank, "account_id": data.account_id, "section": "top_affiliate",
                     "sales_count": len(purchases),
                     "sales_amount": money_sum([t["amount"] for t in purchases]), **who})
        for day in days:
            rows.append({**blank, "account_id": data.account_id, "section": "top_affiliate_daily",
                         "day": day, "sales_count": sum(t["_day"] == day for t in purchases),
                         **who})
    return rows


# --- 2. subscriptions ---------------------------------------------------------------------------

SUBSCRIPTION_COUNTS = {  # column -> event type
    "list_subscriptions": "list_subscribed",
    "sequence_additions": "sequence_added",
    "membership_grants": "membership_granted",
    "list_unsubscriptions": "list_unsubscribed",
    "sequence_removals": "sequence_removed",
    "membership_revocations": "membership_revoked",
    "email_unsubscribes": "email_unsubscribed",
}


def _subscription_figures(new_leads: int, events: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(e["event_type"] for e in events)
    figures = {"new_leads": new_leads}
    figures.update({column: counts[t] for column, t in SUBSCRIPTION_COUNTS.items()})
    figures["subscriptions_plus"] = (figures["list_subscriptions"]
                                     + figures["sequence_additions"] + figures["membership_grants"])
    figures["unsubscriptions_minus"] = (
        figures["list_unsubscriptions"] + figures["sequence_removals"]
        + figures["membership_revocations"] + figures["email_unsubscribes"])
    return figures


def panel_subscriptions(data: AccountData) -> list[dict[str, Any]]:
    days = week_days(data)
    created = [data.day(c["created_at"]) for c in data.contacts.values()
               if in_week(data, c["created_at"], days)]
    events = [e for e in data.events if in_week(data, e["occurred_at"], days)
              and e["event_type"] in SUBSCRIPTION_COUNTS.values()]
    rows = []
    for day in days:
        rows.append({"account_id": data.account_id, "section": "daily", "day": day,
                     **_subscription_figures(created.count(day),
                                             [e for e in events if e["_day"] == day])})
    rows.append({"account_id": data.account_id, "section": "week_total", "day": None,
                 **_subscription_figures(len(created), events)})
    return rows


# --- 3. broadcasts ------------------------------------------------------------------------------

def panel_broadcasts(data: AccountData) -> list[dict[str, Any]]:
    sent = [b for b in data.broadcasts if b["sent_at"] <= data.as_of]
    latest = sorted(sent, key=lambda b: (b["sent_at"], b["broadcast_id"]), reverse=True)[:3]
    rows = []
    for rank, broadcast in enumerate(latest, start=1):
        events = [e for e in data.events if e["object_id"] == broadcast["message_id"]
                  and e["occurred_at"] <= data.as_of]

        def of_type(event_type: str, events: list[dict[str, Any]] = events) -> list[dict]:
            return [e for e in events if e["event_type"] == event_type]

        recipients = len(of_type("message_sent"))
        delivered = len(of_type("email_delivered"))
        figures = {
            "unique_opens": distinct_visitors(of_type("email_opened")),
            "unique_clicks": distinct_visitors(of_type("email_link_clicked")),
            "bounces": len(of_type("email_bounced")),
            "unsubscribes": len(of_type("email_unsubscribed")),
            "complaints": len(of_type("email_complained")),
        }
        row = {"account_id": data.account_id, "rank": rank,
               "broadcast_id": broadcast["broadcast_id"], "name": broadcast["name"],
               "channel": broadcast["channel"], "sent_at": broadcast["sent_at"],
               "recipients": recipients, "delivered": delivered, **figures}
        bases = {"delivered": (delivered, recipients), "bounced": (figures["bounces"], recipients),
                 "opens": (figures["unique_opens"], delivered),
                 "clicks": (figures["unique_clicks"], delivered),
                 "unsubscribes": (figures["unsubscribes"], delivered),
                 "complaints": (figures["complaints"], delivered)}
        for name, (part, base) in bases.items():
            row[f"{name}_rate"], row[f"{name}_pct"] = rate(part, base)
        rows.append(row)
    return rows


# --- 4. traffic ---------------------------------------------------------------------------------

def _goals(data: AccountData, section: str, object_id: int, week: list[dict[str, Any]],
           week_tx: list[dict[str, Any]]) -> int:
    if section == "videos":
        return sum(e["event_type"] == "video_completed" and e["object_id"] == object_id
                   for e in week)
    if section == "forms":
        return sum(e["event_type"] == "form_submitted" and e["object_id"] == object_id
                   for e in week)
    on_page = sum(e["event_type"] in ("form_submitted", "video_played")
                  and e["page_id"] == object_id for e in week)
    sales = sum(is_purchase(t) and t["type"] == "sale" and t["page_id"] == object_id
                for t in week_tx)
    return on_page + sales


def panel_traffic(data: AccountData) -> list[dict[str, Any]]:
    days = week_days(data)
    week = [e for e in data.events if in_week(data, e["occurred_at"], days)]
    week_tx = [t for t in data.transactions if in_week(data, t["occurred_at"], days)]
    blank = {"day": None, "rank": None, "object_id": None, "name": None, "views": None,
             "unique_visitors": None, "goals": None, "goal_rate": None}
    rows = []
    for section, view_type in (("pages", "page_visited"), ("videos", "video_played"),
                               ("forms", "form_viewed")):
        views: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for event in week:
            if event["event_type"] == view_type and event["object_id"] is not None:
                views[event["object_id"]].append(event)
        ranked = sorted(views, key=lambda o: (-len(views[o]), o))[:5]
        for rank, object_id in enumerate(ranked, start=1):
            obj = data.objects.get(object_id)
            goals = _goals(data, section, object_id, week, week_tx)
            rows.append({**blank, "account_id": data.account_id, "section": section,
                         "rank": rank, "object_id": object_id, "name": obj["name"] if obj else None,
                         "views": len(views[object_id]),
                         "unique_visitors": distinct_visitors(views[object_id]),
                         "goals": goals, "goal_rate": goals / len(views[object_id])})
    for day in days:
        visits = [e for e in week if e["event_type"] == "page_visited" and e["_day"] == day]
        rows.append({**blank, "account_id": data.account_id, "section": "daily_unique_visitors",
                     "day": day, "unique_visitors": distinct_visitors(visits)})
    return rows


# --- 5. helpdesk --------------------------------------------------------------------------------

def panel_helpdesk(data: AccountData) -> list[dict[str, Any]]:
    days = week_days(data)
    as_of = data.as_of
    created = [t for t in data.tickets if in_week(data, t["created_at"], days)]

    def not_yet(instant: datetime | None) -> bool:
        return instant is None or instant > as_of

    unopened = [t for t in data.tickets if t["channel"] == "ticket" and t["created_at"] <= as_of
                and not_yet(t["first_opened_at"]) and not_yet(t["closed_at"])]
    rated = [t["satisfaction"] for t in data.tickets
             if in_week(data, t["closed_at"], days) and t["satisfaction"] is not None]
    return [{
        "account_id": data.account_id,
        "new_tickets": sum(t["channel"] == "ticket" for t in created),
        "new_chats": sum(t["channel"] == "chat" for t in created),
        "unopened_tickets": len(unopened),
        "rated_closed": len(rated),
        "avg_satisfaction": sum(rated) / len(rated) if rated else None,
    }]


# --- 6. calendar --------------------------------------------------------------------------------

def panel_calendar(data: AccountData) -> list[dict[str, Any]]:
    as_of = data.as_of
    upcoming = sorted((c for c in data.calendar_events if c["starts_at"] > as_of),
                      key=lambda c: (c["starts_at"], c["calendar_event_id"]))[:3]
    rows = []
    for rank, event in enumerate(upcoming, start=1):
        active = [b for b in data.bookings
                  if b["calendar_event_id"] == event["calendar_event_id"]
                  and b["booked_at"] <= as_of
                  and (b["cancelled_at"] is None or b["cancelled_at"] > as_of)]
        name = None
        if event["capacity"] == 1 and len(active) == 1:
            contact = data.contacts.get(active[0]["contact_id"])
            name = display_name(contact) if contact else None
        rows.append({
            "account_id": data.account_id, "rank": rank,
            "calendar_event_id": event["calendar_event_id"], "title": event["title"],
            "starts_at_utc": event["starts_at"],
            "starts_local": event["starts_at"].astimezone(data.tz).replace(tzinfo=None),
            "capacity": event["capacity"], "registrants": len(active), "registrant_name": name,
        })
    return rows
