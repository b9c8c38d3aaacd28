"""The page's CSS: compact tiles with a large clickable number, colored change arrows."""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
.block-container {padding-top: 2.2rem; padding-bottom: 2rem; max-width: 1400px;}
[class*="st-key-tile-"] {background: #ffffff;
  box-shadow: 0 1px 2px rgba(15, 23, 42, 0.06);}
.crm-tile-name {font-size: 0.9rem; font-weight: 600; color: #334155; line-height: 1.25;
  min-height: 2.3rem; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2;
  -webkit-box-orient: vertical;}
[class*="st-key-value-"] button {padding: 0; min-height: 0; justify-content: flex-start;}
[class*="st-key-value-"] button p {font-size: 2rem; font-weight: 700; color: #0f172a;
  line-height: 1.15; letter-spacing: -0.01em;}
[class*="st-key-value-"] button:hover p {color: #2563eb; text-decoration: underline;
  text-decoration-thickness: 2px; text-underline-offset: 4px;}
[class*="st-key-prev-"] button, [class*="st-key-next-"] button {padding: 0 0.4rem;
  min-height: 1.8rem; color: #64748b;}
[class*="st-key-prev-"] button p, [class*="st-key-next-"] button p {font-size: 1.15rem;}
[class*="st-key-prev-"] button:hover, [class*="st-key-next-"] button:hover {color: #2563eb;}
.crm-timeframe {text-align: center; font-size: 0.85rem; line-height: 1.2;}
.crm-change {font-size: 0.82rem; min-height: 1.2rem;}
.crm-up {color: #16a34a; font-weight: 600;}
.crm-down {color: #dc2626; font-weight: 600;}
.crm-flat {color: #64748b; font-weight: 600;}
.crm-muted {color: #64748b; font-size: 0.8rem;}
.crm-pm {font-size: 0.95rem; margin-bottom: 0.2rem;}
.crm-plus {color: #16a34a; font-weight: 700; font-size: 1.25rem;}
.crm-minus {color: #dc2626; font-weight: 700; font-size: 1.25rem; margin-left: 0.6rem;}
.crm-drill-value {font-size: 2.2rem; font-weight: 700; color: #0f172a;}
.crm-event {display: flex; gap: 0.8rem; align-items: center; padding: 0.45rem 0;
  border-bottom: 1px solid #eef2f7;}
.crm-date {display: flex; flex-direction: column; align-items: center; justify-content: center;
  min-width: 3rem; height: 3rem; border-radius: 0.5rem; background: #eff6ff; color: #1d4ed8;
  line-height: 1.05;}
.crm-date span {font-size: 0.7rem; text-transform: uppercase;}
.crm-date b {font-size: 1.2rem;}
.crm-event-title {font-weight: 600; color: #0f172a;}
[data-testid="stMetricValue"] {font-size: 1.6rem;}
</style>
"""


def inject() -> None:
    st.html(CSS)
