"""The dashboard's pages, in menu order. Each module has TITLE, URL (its path in the
address), FILTERS (the sidebar filters its marts have) and render(context)."""

from janox_dagster.dashboard.views import (
    at_risk,
    campaigns,
    closing,
    closing_elements,
    crm_health,
    funnel,
    introductions,
    lead_mix,
    load_report,
    rc_scale,
    seller,
    stuck_leads,
)

PAGES = (
    lead_mix,
    funnel,
    campaigns,
    closing,
    closing_elements,
    introductions,
    rc_scale,
    at_risk,
    stuck_leads,
    seller,
    crm_health,
    load_report,
)
