"""Fixed vocabularies of the landing-zone contract (raw_contract.md) and the name pools the
generator draws from. Pure data, no logic."""

from __future__ import annotations

# The 15 IANA time zones of "scale 1", in the order accounts take them (account 1 gets the first).
# The first three cover the US, a half-hour offset and the southern hemisphere, so even 3 accounts
# are diverse; the list also has +05:45 (Kathmandu) and -03:30 (St John's).
TIMEZONES: tuple[str, ...] = (
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Australia/Sydney",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kathmandu",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "Africa/Johannesburg",
    "Asia/Tokyo",
    "America/Chicago",
    "Asia/Dubai",
    "America/St_Johns",
    "UTC",
)
CURRENCY_BY_TZ: dict[str, str] = {
    "America/Los_Angeles": "USD",
    "Asia/Kolkata": "INR",
    "Australia/Sydney": "AUD",
    "America/New_York": "USD",
    "Europe/London": "GBP",
    "Europe/Berlin": "EUR",
    "Asia/Kathmandu": "NPR",
    "Pacific/Auckland": "NZD",
    "America/Sao_Paulo": "BRL",
    "Africa/Johannesburg": "ZAR",
    "Asia/Tokyo": "JPY",
    "America/Chicago": "USD",
    "Asia/Dubai": "AED",
    "America/St_Johns": "CAD",
    "UTC": "EUR",
}
# Price multiplier per currency, so that amounts look plausible (1 unit ~ 1 USD).
CURRENCY_FACTOR: dict[str, int] = {"INR": 80, "NPR": 130, "JPY": 150, "ZAR": 18, "BRL": 5, "AED": 4}
# None = column left null (the contract default `sunday` applies).
WEEK_STARTS: tuple[str | None, ...] = ("sunday", "monday", "saturday", "sunday", "monday", None,
                                       "wednesday")

OBJECT_TYPES: tuple[str, ...] = (
    "tag", "sequence", "list", "membership", "form", "landing_page", "page", "video",
    "tracked_link", "message", "task", "field", "product", "affiliate",
)
EVENT_TYPES: tuple[str, ...] = (
    "tag_added", "tag_removed", "sequence_added", "sequence_removed", "list_subscribed",
    "list_unsubscribed", "membership_granted", "membership_revoked",
    "page_visited", "form_viewed", "form_submitted", "video_played", "video_completed",
    "tracked_link_clicked",
    "message_sent", "email_delivered", "email_opened", "email_link_clicked", "email_bounced",
    "email_unsubscribed", "email_complained",
    "field_updated", "call_logged", "task_sent", "task_completed",
)
EVENT_CODE: dict[str, int] = {name: i for i, name in enumerate(EVENT_TYPES)}
# Object type each event type points at (None: no object).
EVENT_OBJECT_TYPE: dict[str, str | None] = {
    **{t: t.split("_")[0] for t in EVENT_TYPES[:8]},
    "page_visited": "page", "form_viewed": "form", "form_submitted": "form",
    "video_played": "video", "video_completed": "video", "tracked_link_clicked": "tracked_link",
    **{t: "message" for t in EVENT_TYPES[14:21]},
    "field_updated": "field", "call_logged": None, "task_sent": "task", "task_completed": "task",
}
TRANSACTION_TYPES: tuple[str, ...] = ("sale", "rebill", "refund", "chargeback")
TRANSACTION_STATUSES: tuple[str, ...] = (
    "paid", "pending", "declined", "refunded", "voided", "collections", "write_off",
)
ORDER_STATUSES: tuple[str, ...] = ("open", "cancelled", "completed")
BROADCAST_CHANNELS: tuple[str, ...] = ("email", "sms")
TICKET_CHANNELS: tuple[str, ...] = ("ticket", "chat")
TASK_OUTCOMES: tuple[str, ...] = ("done", "no_answer", "rescheduled", "won", "lost")
METRIC_KINDS: tuple[str, ...] = (
    "contacts_who_did", "times_happened", "avg_times_per_contact", "conversion_rate",
    "avg_time_between", "total_value", "avg_value",
)

# Object names per type. The first `ALWAYS[type]` names exist in every account (so that global
# metric definitions such as metrics/demo.yml find them); the rest are drawn per account, so names
# repeat across accounts under different ids.
OBJECT_NAMES: dict[str, tuple[str, ...]] = {
    "tag": ("VIP", "Customer", "Hot Lead", "Webinar Attendee", "Newsletter", "Cold Lead",
            "Affiliate Partner", "Beta Tester", "Churn Risk", "Event Attendee", "Podcast Listener",
            "Referral", "Wholesale", "Student", "Alumni"),
    "sequence": ("Welcome Series", "Onboarding", "Nurture Sequence", "Re-engagement",
                 "Post-Purchase", "Webinar Follow-up"),
    "list": ("Main List", "Newsletter List", "Customers", "Prospects", "Waitlist"),
    "membership": ("Members Area", "Gold Membership", "Silver Membership", "Course Access"),
    "form": ("Lead Magnet", "Opt-In Form", "Contact Us", "Webinar Registration", "Free Guide",
             "Survey", "Quiz"),
    "landing_page": ("Lead Magnet LP", "Webinar LP", "Sales Page", "Spring LP", "Launch LP"),
    "page": ("Home", "Pricing", "Checkout", "Blog", "About", "Thank You", "FAQ", "Contact"),
    "video": ("Intro Video", "Product Demo", "Testimonials", "Webinar Replay", "Tutorial"),
    "tracked_link": ("Pricing Link", "Facebook Ad", "Instagram Bio", "Partner Link",
                     "YouTube Link"),
    "message": ("Welcome Email", "Order Confirmation", "Cart Reminder", "Webinar Reminder",
                "Weekly Tips", "Renewal Notice"),
    "task": ("Follow-up Call", "Send Proposal", "Onboarding Call", "Check-in"),
    "field": ("Lead Score", "State", "Source"),
    "product": ("Membership Product", "Starter Kit", "Online Course", "Coaching Call",
                "Monthly Coaching", "E-book", "VIP Day", "Annual Plan"),
    "affiliate": ("Maple Partners", "Birch Affiliates", "Cedar Media", "Oak & Co.",
                  "Willow Referrals", "Aspen Influencers", "Elm Street Deals", "Pine Network"),
}
ALWAYS: dict[str, int] = {
    "tag": 4, "sequence": 2, "list": 2, "membership": 1, "form": 3, "landing_page": 2, "page": 4,
    "video": 2, "tracked_link": 2, "message": 3, "task": 2, "field": 3, "product": 4,
    "affiliate": 2,
}
# Products: base price in USD and whether they recur monthly (orders + rebills).
PRODUCT_PRICE: dict[str, tuple[int, bool]] = {
    "Membership Product": (2900, True), "Starter Kit": (4900, False),
    "Online Course": (19700, False), "Coaching Call": (15000, False),
    "Monthly Coaching": (9900, True), "E-book": (1900, False), "VIP Day": (99700, False),
    "Annual Plan": (29900, False),
}
FIELD_STATES: tuple[str, ...] = ("CA", "NY", "TX", "FL", "WA", "IL", "MA", "CO", "OR", "GA",
                                 "NSW", "VIC", "MH", "KA", "Bayern", "Berlin")
SOURCES: tuple[str, ...] = ("Facebook", "Google", "Referral", "Podcast", "Webinar", "Organic")
CALENDAR_TITLES: tuple[tuple[str, int], ...] = (
    ("Discovery Call", 1), ("1:1 Strategy Session", 1), ("Group Coaching", 20),
    ("Live Q&A", 50), ("Workshop", 12), ("Masterclass", 100), ("Office Hours", 8),
)

FIRST_NAMES: tuple[str, ...] = (
    "Ava", "Ben", "Chloe", "Daniel", "Emma", "Felix", "Grace", "Hugo", "Isla", "Jack", "Kira",
    "Liam", "Maya", "Noah", "Olivia", "Priya", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Victor",
    "Wen", "Yusuf", "Zara", "Aarav", "Diya", "Kabir", "Meera", "Nikhil", "Sofia", "Mateo",
    "Lucas", "Amelia", "Ethan", "Hana", "Kenji", "Aiko", "Thabo", "Lerato", "Omar", "Layla",
    "Charlotte", "Oliver", "Harper", "James", "Mia", "Leo", "Ella", "Henry",
)
LAST_NAMES: tuple[str, ...] = (
    "Reyes", "Okafor", "Lin", "Novak", "Mori", "Hart", "Shah", "Iyer", "Rao", "Joshi", "Nair",
    "Das", "Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Martinez",
    "Lopez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee",
    "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "King", "Wright", "Scott",
    "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter",
    "Phillips", "Evans",
)
# Names with non-ASCII letters and apostrophes, with the ASCII spelling used in email addresses.
SPECIAL_FIRST: tuple[tuple[str, str], ...] = (
    ("Zoë", "zoe"), ("José", "jose"), ("Søren", "soren"), ("Chloé", "chloe"), ("Łukasz", "lukasz"),
    ("Renée", "renee"),
)
SPECIAL_LAST: tuple[tuple[str, str], ...] = (
    ("O'Brien", "obrien"), ("Müller", "muller"), ("Núñez", "nunez"), ("D'Angelo", "dangelo"),
    ("Ångström", "angstrom"), ("O'Neil", "oneil"),
)
ACCOUNT_WORDS: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] = (
    ("Blue", "Hudson", "Golden", "Maple", "Silver", "Coastal", "Urban", "Lotus", "Summit",
     "Harbor", "Cedar", "Northern", "Bright", "Wild", "Sunny", "Iron", "Velvet"),
    ("Candle", "Yoga", "Fitness", "Coaching", "Bakery", "Design", "Garden", "Music", "Travel",
     "Pet", "Skincare", "Coffee", "Academy", "Photo"),
    ("Co.", "Studio", "Lab", "Collective", "Works", "Shop", "Hub"),
)
