"""The six dashboard panels on a tiny hand-made landing zone whose expected numbers are written
out below, case by case (dashboards.md): ties (affiliates, pages, broadcasts, calendar events),
empty days, a refund on another day than its sale, broadcasts with repeated opens, anonymous
visitors, a contact missing from contacts, a ticket opened after as-of, a cancelled booking and a
capacity-1 event whose registrant has no name. The `panel_timeframe` var is checked on a second
build of the same landing zone.

As-of is 2026-06-10T16:00:00Z: Wednesday Jun 10, 09:00 in account 1 (America/Los_Angeles, PDT =
UTC-7), whose week is Jun 4 - Jun 10; and Thursday Jun 11, 04:00 in account 2
(Pacific/Auckland, NZST = UTC+12), whose week is Jun 5 - Jun 11. Both accounts reuse the same ids.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from crm_warehouse.reference import FRAME_KEYS
from crm_warehouse.reference.compare import compare_frames
from tests.warehouse import GOLDEN_DIR, Warehouse

AS_OF = "2026-06-10T16:00:00Z"

LANDING = {
    "accounts": """
account_id,name,timezone,week_start,currency
1,Coast Coffee,America/Los_Angeles,sunday,USD
2,Kiwi Knits,Pacific/Auckland,monday,NZD
""",
    # contact 3 has no name (display name = email); contact 4 is created after as-of; contact 5
    # on Jun 2 at 23:59:59 local (outside the week). Contact 99 of account 1 is missing: its rows
    # still count in every panel.
    "contacts": """
account_id,contact_id,email,first_name,last_name,created_at,deleted_at
1,1,ava@coast.example,Ava,Lee,2026-01-01T12:00:00Z,
1,2,ben@coast.example,Ben,,2026-01-01T12:00:00Z,
1,3,nameless@coast.example,,,2026-06-05T07:00:00Z,
1,4,dan@coast.example,Dan,Ray,2026-06-10T16:00:01Z,
1,5,eve@coast.example,Eve,,2026-06-03T06:59:59Z,
2,1,kiri@kiwi.example,Kiri,,2026-06-10T12:00:00Z,
""",
    "objects": """
account_id,object_id,object_type,name,url,price
1,10,page,Home,https://coast.example/,
1,11,page,Pricing,https://coast.example/pricing,
1,12,landing_page,Promo LP,https://coast.example/promo,
1,13,page,Blog,https://coast.example/blog,
1,14,page,Legal,https://coast.example/legal,
1,15,page,Careers,https://coast.example/careers,
1,20,video,Intro,,
1,21,video,Outro,,
1,30,form,Signup,,
1,40,message,News,,
1,41,message,Promo,,
1,42,message,Flash,,
1,43,message,Late,,
1,44,message,Oldest,,
1,50,affiliate,Alpha,,
1,51,affiliate,Beta,,
1,52,affiliate,Gamma,,
1,53,affiliate,Delta,,
1,60,product,Course,,100.00
1,70,list,Newsletter,,
1,71,sequence,Onboarding,,
1,72,membership,Club,,
2,10,page,Home NZ,https://kiwi.example/,
2,50,affiliate,Kiwi Partners,,
""",
    "transactions": """
account_id,transaction_id,contact_id,product_id,type,status,amount,affiliate_id,affiliate_commission,page_id,occurred_at
1,1,1,60,sale,refunded,100.00,51,10.00,11,2026-06-05T18:00:00Z
1,2,1,60,refund,paid,100.00,,,,2026-06-08T18:00:00Z
1,3,2,60,sale,paid,50.00,50,5.00,11,2026-06-06T18:00:00Z
1,4,2,60,rebill,paid,50.00,50,5.00,,2026-06-09T18:00:00Z
1,5,99,60,sale,paid,60.00,51,6.00,10,2026-06-09T20:00:00Z
1,6,1,60,sale,paid,30.00,53,,,2026-06-10T06:30:00Z
1,7,2,60,sale,paid,30.00,52,,,2026-06-10T07:00:00Z
1,8,1,60,sale,declined,500.00,53,50.00,11,2026-06-10T10:00:00Z
1,9,2,60,sale,paid,999.00,53,99.00,11,2026-06-10T16:00:01Z
1,10,1,60,chargeback,collections,20.00,,,,2026-06-10T16:00:00Z
1,11,1,60,sale,paid,70.00,,,,2026-06-03T06:59:59Z
2,1,1,,sale,paid,10.00,50,1.00,,2026-06-10T12:00:00Z
""",
    "events": """
account_id,event_id,contact_id,visitor_id,event_type,object_id,page_id,detail,occurred_at
1,S1,1,,list_subscribed,70,,,2026-06-04T12:00:00Z
1,S2,99,,sequence_added,71,,,2026-06-06T12:00:00Z
1,S3,2,,membership_granted,72,,,2026-06-06T13:00:00Z
1,S4,1,,list_unsubscribed,70,,,2026-06-08T12:00:00Z
1,S5,2,,email_unsubscribed,41,,,2026-06-08T13:00:00Z
1,S6,2,,tag_added,,,,2026-06-08T14:00:00Z
1,S7,1,,list_subscribed,70,,,2026-06-10T16:00:01Z
1,M01,1,,message_sent,41,,,2026-06-08T15:00:00Z
1,M02,2,,message_sent,41,,,2026-06-08T15:00:00Z
1,M03,99,,message_sent,41,,,2026-06-08T15:00:00Z
1,M04,1,,email_delivered,41,,,2026-06-08T15:01:00Z
1,M05,2,,email_delivered,41,,,2026-06-08T15:01:00Z
1,M06,99,,email_delivered,41,,,2026-06-08T15:01:00Z
1,M07,1,,email_opened,41,,,2026-06-08T16:00:00Z
1,M08,1,,email_opened,41,,,2026-06-08T17:00:00Z
1,M09,1,,email_opened,41,,,2026-06-09T16:00:00Z
1,M10,99,,email_opened,41,,,2026-06-09T17:00:00Z
1,M11,,anon-1,email_opened,41,,,2026-06-09T18:00:00Z
1,M12,1,,email_link_clicked,41,,https://coast.example/pricing,2026-06-08T16:01:00Z
1,M13,1,,email_link_clicked,41,,https://coast.example/pricing,2026-06-09T16:01:00Z
1,M14,2,,email_opened,41,,,2026-06-10T16:00:01Z
1,M21,1,,message_sent,42,,,2026-06-08T15:00:00Z
1,M22,2,,message_sent,42,,,2026-06-08T15:00:00Z
1,M23,1,,email_delivered,42,,,2026-06-08T15:00:30Z
1,M24,2,,email_bounced,42,,,2026-06-08T15:00:30Z
1,W01,1,,page_visited,10,,,2026-06-05T15:00:00Z
1,W02,1,,page_visited,10,,,2026-06-06T15:00:00Z
1,W03,,v-a,page_visited,10,,,2026-06-06T16:00:00Z
1,W04,,v-b,page_visited,10,,,2026-06-09T15:00:00Z
1,W05,2,,page_visited,11,,,2026-06-05T16:00:00Z
1,W06,99,,page_visited,11,,,2026-06-09T16:00:00Z
1,W07,,v-a,page_visited,11,,,2026-06-09T17:00:00Z
1,W08,1,,page_visited,12,,,2026-06-08T15:00:00Z
1,W09,2,,page_visited,12,,,2026-06-08T16:00:00Z
1,W10,,v-c,page_visited,13,,,2026-06-10T08:00:00Z
1,W11,2,,page_visited,13,,,2026-06-10T09:00:00Z
1,W12,1,v-a,page_visited,14,,,2026-06-10T16:00:00Z
1,W13,,v-d,page_visited,15,,,2026-06-10T10:00:00Z
1,W14,2,,page_visited,10,,,2026-06-10T16:00:01Z
1,W15,2,,page_visited,10,,,2026-06-03T12:00:00Z
1,W16,2,,form_viewed,30,11,,2026-06-05T16:01:00Z
1,W17,2,,form_submitted,30,11,,2026-06-05T16:02:00Z
1,W18,2,,video_played,20,11,,2026-06-05T16:03:00Z
1,W19,2,,video_completed,20,11,,2026-06-05T16:10:00Z
1,W20,,v-a,video_played,20,,,2026-06-06T16:05:00Z
1,W21,,v-a,form_viewed,30,,,2026-06-06T16:06:00Z
1,W22,1,,video_played,21,,,2026-06-09T15:00:00Z
1,W23,1,,video_played,21,,,2026-06-09T15:30:00Z
2,W01,1,,page_visited,10,,,2026-06-04T11:59:59Z
2,W02,1,,page_visited,10,,,2026-06-04T12:00:00Z
""",
    # broadcasts 2 and 3 share a sent_at: the higher id first; 4 is sent after as-of; 5 is the
    # fourth-latest.
    "broadcasts": """
account_id,broadcast_id,message_id,name,channel,sent_at
1,1,40,News,email,2026-06-01T15:00:00Z
1,2,41,Promo,email,2026-06-08T15:00:00Z
1,3,42,Flash,sms,2026-06-08T15:00:00Z
1,4,43,Late,email,2026-06-10T16:00:01Z
1,5,44,Oldest,email,2026-05-01T15:00:00Z
""",
    "tickets": """
account_id,ticket_id,contact_id,channel,created_at,first_opened_at,closed_at,satisfaction
1,1,1,ticket,2026-06-05T12:00:00Z,2026-06-05T13:00:00Z,2026-06-06T12:00:00Z,5
1,2,2,ticket,2026-06-09T12:00:00Z,2026-06-10T16:00:01Z,,
1,3,99,ticket,2026-04-01T12:00:00Z,,,
1,4,2,chat,2026-06-08T12:00:00Z,,2026-06-08T13:00:00Z,2
1,5,1,ticket,2026-06-10T16:00:01Z,,,
1,6,1,ticket,2026-05-20T12:00:00Z,,2026-06-09T12:00:00Z,
1,7,2,ticket,2026-05-20T12:00:00Z,2026-05-21T12:00:00Z,2026-06-03T12:00:00Z,1
1,8,1,ticket,2026-06-10T15:00:00Z,,2026-06-10T16:00:01Z,1
""",
    # events 2 and 3 start at the same instant: the lower id first; 4 starts exactly at as-of (not
    # upcoming); 5 is the fourth.
    "calendar_events": """
account_id,calendar_event_id,title,starts_at,ends_at,capacity
1,1,Workshop,2026-06-12T17:00:00Z,2026-06-12T19:00:00Z,20
1,2,Coaching,2026-06-11T17:00:00Z,2026-06-11T18:00:00Z,1
1,3,Call,2026-06-11T17:00:00Z,2026-06-11T17:30:00Z,1
1,4,Past,2026-06-10T16:00:00Z,2026-06-10T17:00:00Z,5
1,5,Later,2026-07-01T17:00:00Z,2026-07-01T18:00:00Z,5
""",
    "bookings": """
account_id,booking_id,calendar_event_id,contact_id,booked_at,cancelled_at
1,1,1,1,2026-06-01T12:00:00Z,
1,2,1,2,2026-06-01T12:00:00Z,2026-06-09T12:00:00Z
1,3,1,99,2026-06-02T12:00:00Z,
1,4,1,3,2026-06-10T16:00:01Z,
1,5,2,3,2026-06-07T12:00:00Z,
1,6,3,2,2026-06-07T12:00:00Z,2026-06-08T12:00:00Z
""",
}

SALES_COLUMNS = (
    "account_id,section,day,sales_count,sales_amount,rebills_count,rebills_amount,refunds_count,"
    "refunds_amount,affiliate_commissions,sales_and_rebills_count,sales_and_rebills_amount,"
    "revenue,profit,rank,affiliate_id,affiliate_name"
)

EXPECTED = {
    # Jun 4 and Jun 7 are empty days; tx 1 (sale, status refunded) counts on Jun 5 and its refund
    # row on Jun 8; tx 6 at 23:30 local is on Jun 9, tx 7 at local midnight on Jun 10; the
    # chargeback exactly at as-of counts; the declined sale, the sale after as-of and the Jun 2
    # sale do not. Beta and Alpha tie at 2 purchases: Beta's 160.00 beats Alpha's 100.00; Gamma
    # and Delta tie at 1 purchase for 30.00: the lower id (Gamma) is third.
    "panel_sales": SALES_COLUMNS + """
1,daily,2026-06-04,0,0,0,0,0,0,0,0,0,0,0,,,
1,daily,2026-06-05,1,100.00,0,0,0,0,10.00,1,100.00,100.00,90.00,,,
1,daily,2026-06-06,1,50.00,0,0,0,0,5.00,1,50.00,50.00,45.00,,,
1,daily,2026-06-07,0,0,0,0,0,0,0,0,0,0,0,,,
1,daily,2026-06-08,0,0,0,0,1,100.00,0,0,0,0,-100.00,,,
1,daily,2026-06-09,2,90.00,1,50.00,0,0,11.00,3,140.00,140.00,129.00,,,
1,daily,2026-06-10,1,30.00,0,0,1,20.00,0,1,30.00,30.00,10.00,,,
1,week_total,,5,270.00,1,50.00,2,120.00,26.00,6,320.00,320.00,174.00,,,
1,top_affiliate,,2,160.00,,,,,,,,,,1,51,Beta
1,top_affiliate_daily,2026-06-04,0,,,,,,,,,,,1,51,Beta
1,top_affiliate_daily,2026-06-05,1,,,,,,,,,,,1,51,Beta
1,top_affiliate_daily,2026-06-06,0,,,,,,,,,,,1,51,Beta
1,top_affiliate_daily,2026-06-07,0,,,,,,,,,,,1,51,Beta
1,top_affiliate_daily,2026-06-08,0,,,,,,,,,,,1,51,Beta
1,top_affiliate_daily,2026-06-09,1,,,,,,,,,,,1,51,Beta
1,top_affiliate_daily,2026-06-10,0,,,,,,,,,,,1,51,Beta
1,top_affiliate,,2,100.00,,,,,,,,,,2,50,Alpha
1,top_affiliate_daily,2026-06-04,0,,,,,,,,,,,2,50,Alpha
1,top_affiliate_daily,2026-06-05,0,,,,,,,,,,,2,50,Alpha
1,top_affiliate_daily,2026-06-06,1,,,,,,,,,,,2,50,Alpha
1,top_affiliate_daily,2026-06-07,0,,,,,,,,,,,2,50,Alpha
1,top_affiliate_daily,2026-06-08,0,,,,,,,,,,,2,50,Alpha
1,top_affiliate_daily,2026-06-09,1,,,,,,,,,,,2,50,Alpha
1,top_affiliate_daily,2026-06-10,0,,,,,,,,,,,2,50,Alpha
1,top_affiliate,,1,30.00,,,,,,,,,,3,52,Gamma
1,top_affiliate_daily,2026-06-04,0,,,,,,,,,,,3,52,Gamma
1,top_affiliate_daily,2026-06-05,0,,,,,,,,,,,3,52,Gamma
1,top_affiliate_daily,2026-06-06,0,,,,,,,,,,,3,52,Gamma
1,top_affiliate_daily,2026-06-07,0,,,,,,,,,,,3,52,Gamma
1,top_affiliate_daily,2026-06-08,0,,,,,,,,,,,3,52,Gamma
1,top_affiliate_daily,2026-06-09,0,,,,,,,,,,,3,52,Gamma
1,top_affiliate_daily,2026-06-10,1,,,,,,,,,,,3,52,Gamma
2,daily,2026-06-05,0,0,0,0,0,0,0,0,0,0,0,,,
2,daily,2026-06-06,0,0,0,0,0,0,0,0,0,0,0,,,
2,daily,2026-06-07,0,0,0,0,0,0,0,0,0,0,0,,,
2,daily,2026-06-08,0,0,0,0,0,0,0,0,0,0,0,,,
2,daily,2026-06-09,0,0,0,0,0,0,0,0,0,0,0,,,
2,daily,2026-06-10,0,0,0,0,0,0,0,0,0,0,0,,,
2,daily,2026-06-11,1,10.00,0,0,0,0,1.00,1,10.00,10.00,9.00,,,
2,week_total,,1,10.00,0,0,0,0,1.00,1,10.00,10.00,9.00,,,
2,top_affiliate,,1,10.00,,,,,,,,,,1,50,Kiwi Partners
2,top_affiliate_daily,2026-06-05,0,,,,,,,,,,,1,50,Kiwi Partners
2,top_affiliate_daily,2026-06-06,0,,,,,,,,,,,1,50,Kiwi Partners
2,top_affiliate_daily,2026-06-07,0,,,,,,,,,,,1,50,Kiwi Partners
2,top_affiliate_daily,2026-06-08,0,,,,,,,,,,,1,50,Kiwi Partners
2,top_affiliate_daily,2026-06-09,0,,,,,,,,,,,1,50,Kiwi Partners
2,top_affiliate_daily,2026-06-10,0,,,,,,,,,,,1,50,Kiwi Partners
2,top_affiliate_daily,2026-06-11,1,,,,,,,,,,,1,50,Kiwi Partners
""",
    # New leads: the nameless contact created at local midnight on Jun 5 (Dan after as-of and
    # Eve on Jun 2 do not count; Kiri is created at local midnight on Jun 11 in Auckland). The
    # sequence addition of the missing contact 99 counts; the tag and the subscription after
    # as-of do not.
    "panel_subscriptions": """
account_id,section,day,new_leads,list_subscriptions,sequence_additions,membership_grants,list_unsubscriptions,sequence_removals,membership_revocations,email_unsubscribes,subscriptions_plus,unsubscriptions_minus
1,daily,2026-06-04,0,1,0,0,0,0,0,0,1,0
1,daily,2026-06-05,1,0,0,0,0,0,0,0,0,0
1,daily,2026-06-06,0,0,1,1,0,0,0,0,2,0
1,daily,2026-06-07,0,0,0,0,0,0,0,0,0,0
1,daily,2026-06-08,0,0,0,0,1,0,0,1,0,2
1,daily,2026-06-09,0,0,0,0,0,0,0,0,0,0
1,daily,2026-06-10,0,0,0,0,0,0,0,0,0,0
1,week_total,,1,1,1,1,1,0,0,1,3,2
2,daily,2026-06-05,0,0,0,0,0,0,0,0,0,0
2,daily,2026-06-06,0,0,0,0,0,0,0,0,0,0
2,daily,2026-06-07,0,0,0,0,0,0,0,0,0,0
2,daily,2026-06-08,0,0,0,0,0,0,0,0,0,0
2,daily,2026-06-09,0,0,0,0,0,0,0,0,0,0
2,daily,2026-06-10,0,0,0,0,0,0,0,0,0,0
2,daily,2026-06-11,1,0,0,0,0,0,0,0,0,0
2,week_total,,1,0,0,0,0,0,0,0,0,0
""",
    # Flash (3) and Promo (2) were sent at the same instant: Flash first. Promo: Ava's three
    # opens and two clicks count once, contact 99 and the anonymous visitor anon-1 are openers
    # too (3 of 3 delivered); Ben's open after as-of does not count. News has no events: every
    # rate is null.
    "panel_broadcasts": """
account_id,rank,broadcast_id,name,channel,sent_at,recipients,delivered,unique_opens,unique_clicks,bounces,unsubscribes,complaints,delivered_rate,delivered_pct,bounced_rate,bounced_pct,opens_rate,opens_pct,clicks_rate,clicks_pct,unsubscribes_rate,unsubscribes_pct,complaints_rate,complaints_pct
1,1,3,Flash,sms,2026-06-08T15:00:00Z,2,1,0,0,1,0,0,0.5,50,0.5,50,0,0,0,0,0,0,0,0
1,2,2,Promo,email,2026-06-08T15:00:00Z,3,3,3,1,0,1,0,1,100,0,0,1,100,0.3333333333333333,33.333333333333336,0.3333333333333333,33.333333333333336,0,0
1,3,1,News,email,2026-06-01T15:00:00Z,0,0,0,0,0,0,0,,,,,,,,,,,,
""",
    # Blog and Promo LP tie at 2 views (Promo LP, id 12, first); Legal and Careers tie at 1 view
    # and only Legal (14) makes the top 5. Home: 4 views by Ava (twice), v-a and v-b; the view
    # after as-of and the one on Jun 3 do not count. Pricing goals: the two sales on it (the
    # refunded-status one included), a form submission and a video play on it. Legal's visit by
    # Ava carries visitor v-a but counts as Ava. Daily visitors: Jun 4 and 7 are empty.
    "panel_traffic": """
account_id,section,day,rank,object_id,name,views,unique_visitors,goals,goal_rate
1,pages,,1,10,Home,4,3,1,0.25
1,pages,,2,11,Pricing,3,3,4,1.3333333333333333
1,pages,,3,12,Promo LP,2,2,0,0
1,pages,,4,13,Blog,2,2,0,0
1,pages,,5,14,Legal,1,1,0,0
1,videos,,1,20,Intro,2,2,1,0.5
1,videos,,2,21,Outro,2,1,0,0
1,forms,,1,30,Signup,2,2,1,0.5
1,daily_unique_visitors,2026-06-04,,,,,0,,
1,daily_unique_visitors,2026-06-05,,,,,2,,
1,daily_unique_visitors,2026-06-06,,,,,2,,
1,daily_unique_visitors,2026-06-07,,,,,0,,
1,daily_unique_visitors,2026-06-08,,,,,2,,
1,daily_unique_visitors,2026-06-09,,,,,3,,
1,daily_unique_visitors,2026-06-10,,,,,4,,
2,pages,,1,10,Home NZ,1,1,0,0
2,daily_unique_visitors,2026-06-05,,,,,1,,
2,daily_unique_visitors,2026-06-06,,,,,0,,
2,daily_unique_visitors,2026-06-07,,,,,0,,
2,daily_unique_visitors,2026-06-08,,,,,0,,
2,daily_unique_visitors,2026-06-09,,,,,0,,
2,daily_unique_visitors,2026-06-10,,,,,0,,
2,daily_unique_visitors,2026-06-11,,,,,0,,
""",
    # New tickets 1, 2 and 8 (5 is created after as-of), new chat 4. Unopened: ticket 2 (first
    # opened only after as-of), ticket 3 (from April: any age) and ticket 8 (closed after as-of);
    # the chat is not a ticket. Rated and closed in the week: ticket 1 (5) and the chat (2);
    # ticket 6 has no rating, ticket 7 closed on Jun 3 local, ticket 8 after as-of.
    "panel_helpdesk": """
account_id,new_tickets,new_chats,unopened_tickets,rated_closed,avg_satisfaction
1,3,1,3,2,3.5
2,0,0,0,0,
""",
    # Coaching (2) and Call (3) start at the same instant: the lower id first. Coaching has
    # capacity 1 and one registrant without a name: her email. Call's only booking was
    # cancelled before as-of. Workshop: Ava and the missing contact 99; Ben cancelled before
    # as-of and the nameless contact booked after as-of. Past starts exactly at as-of.
    "panel_calendar": """
account_id,rank,calendar_event_id,title,starts_at_utc,starts_local,capacity,registrants,registrant_name
1,1,2,Coaching,2026-06-11T17:00:00Z,2026-06-11 10:00:00,1,1,nameless@coast.example
1,2,3,Call,2026-06-11T17:00:00Z,2026-06-11 10:00:00,1,0,
1,3,1,Workshop,2026-06-12T17:00:00Z,2026-06-12 10:00:00,20,2,
""",
}

DAY_PANELS = {"panel_sales", "panel_subscriptions", "panel_traffic"}
# The panels and what they need; `cautious`: only the tests of the models built (a test that also
# refers to a model outside the selection, e.g. a relationship of a metric mart, is left out).
PANELS_BUILD = ("build", "--select", "+path:models/marts/panels",
                "--indirect-selection", "cautious")


def write_landing_zone(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table, text in LANDING.items():
        (folder / f"{table}.csv").write_text(text.lstrip("\n"), encoding="utf-8")
    return folder


def expected_frame(text: str) -> pd.DataFrame:
    """CSV text in the golden conventions: every cell as text, empty = null."""
    reader = csv.reader(io.StringIO(text.strip("\n")))
    header = next(reader)
    rows = [[None if cell == "" else cell for cell in row] for row in reader]
    return pd.DataFrame(rows, columns=header, dtype=object)


def money(value) -> str:
    """A money cell (DECIMAL in the warehouse, read back through pandas) as text with cents."""
    return f"{Decimal(str(value)).quantize(Decimal('0.01'))}"


def panel_frame(warehouse: Warehouse, name: str, timeframe: str | None = None) -> pd.DataFrame:
    select = "* replace (cast(day as varchar) as day)" if name in DAY_PANELS else "*"
    where = f" where timeframe = '{timeframe}'" if timeframe else ""
    return warehouse.query(f"select {select} from marts.{name}{where}")


@pytest.fixture(scope="module")
def landing_zone(tmp_path_factory) -> Path:
    return write_landing_zone(tmp_path_factory.mktemp("handmade") / "landing")


@pytest.fixture(scope="module")
def handmade_warehouse(tmp_path_factory, landing_zone) -> Warehouse:
    warehouse = Warehouse(tmp_path_factory.mktemp("handmade_week"), landing_zone,
                          GOLDEN_DIR / "metrics.yml", AS_OF)
    warehouse.dbt(*PANELS_BUILD)
    return warehouse


@pytest.fixture(scope="module")
def month_warehouse(tmp_path_factory, landing_zone) -> Warehouse:
    """The same landing zone with `panel_timeframe` = this_month and today."""
    warehouse = Warehouse(tmp_path_factory.mktemp("handmade_month"), landing_zone,
                          GOLDEN_DIR / "metrics.yml", AS_OF)
    warehouse.dbt(*PANELS_BUILD, extra_vars={"panel_timeframe": "this_month,today"})
    return warehouse


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_handmade_panel_matches_the_numbers_written_out(handmade_warehouse, name):
    expected = expected_frame(EXPECTED[name])
    actual = panel_frame(handmade_warehouse, name)[list(expected.columns)]
    differences = compare_frames(actual, expected, FRAME_KEYS[name], check_column_order=False)
    assert not differences, f"{name}: {len(differences)} differences:\n" + "\n".join(differences)


@pytest.mark.slow
def test_month_timeframe_adds_the_days_before_the_week_and_the_tickets_closed_then(month_warehouse):
    sales = panel_frame(month_warehouse, "panel_sales", "this_month")
    daily = sales[(sales["section"] == "daily") & (sales["account_id"] == 1)]
    assert list(daily["day"].sort_values()) == [f"2026-06-{d:02d}" for d in range(1, 11)]
    assert len(sales[(sales["section"] == "daily") & (sales["account_id"] == 2)]) == 11
    total = sales[(sales["section"] == "week_total") & (sales["account_id"] == 1)].iloc[0]
    # the week's figures plus the 70.00 sale of Jun 2 (23:59:59 local)
    assert (total["sales_count"], money(total["sales_amount"])) == (6, "340.00")
    assert (money(total["revenue"]), money(total["profit"])) == ("390.00", "244.00")
    helpdesk = panel_frame(month_warehouse, "panel_helpdesk", "this_month").set_index("account_id")
    # ticket 7 closed on Jun 3 local with rating 1 joins tickets 1 (5) and the chat (2)
    assert helpdesk.loc[1, "rated_closed"] == 3
    assert helpdesk.loc[1, "avg_satisfaction"] == pytest.approx(8 / 3)
    assert helpdesk.loc[1, "unopened_tickets"] == 3


@pytest.mark.slow
def test_today_timeframe_is_the_single_local_day_up_to_as_of(month_warehouse):
    sales = panel_frame(month_warehouse, "panel_sales", "today")
    account_1 = sales[sales["account_id"] == 1].set_index("section")
    assert account_1.loc["daily", "day"] == "2026-06-10"
    week_total = account_1.loc["week_total"]
    assert (week_total["sales_count"], money(week_total["profit"])) == (1, "10.00")
    traffic = panel_frame(month_warehouse, "panel_traffic", "today")
    pages = traffic[(traffic["account_id"] == 1) & (traffic["section"] == "pages")]
    # Blog (2 views) first, then Legal and Careers tied at 1 view, lower id first
    assert list(pages.sort_values("rank")["object_id"]) == [13, 14, 15]
    subscriptions = panel_frame(month_warehouse, "panel_subscriptions", "today")
    kiri = subscriptions[(subscriptions["account_id"] == 2) & (subscriptions["section"] == "daily")]
    assert list(kiri["day"]) == ["2026-06-11"] and list(kiri["new_leads"]) == [1]


@pytest.mark.slow
def test_unknown_panel_timeframe_stops_the_build(tmp_path, landing_zone):
    warehouse = Warehouse(tmp_path, landing_zone, GOLDEN_DIR / "metrics.yml", AS_OF)
    result = warehouse.dbt("build", "--select", "int_panel_windows", check=False,
                           extra_vars={"panel_timeframe": "fortnight"})
    assert result.returncode != 0
    assert "panel_timeframe" in result.stdout + result.stderr
