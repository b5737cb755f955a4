"""``janox dashboard``: the KPI web pages over the published warehouse (Streamlit).

One job per module: ``source`` reads the published file (a short read-only connection per
query), ``filters`` turns the sidebar's choices into SQL conditions, ``queries`` holds one
function per chart (filters in, data frame out), ``charts`` draws data frames with Altair,
``views`` holds the pages, ``sidebar`` the filter widgets, ``app`` is the Streamlit entry
and ``server`` starts it. Nothing here writes: the warehouse is opened read-only and
nothing else is touched.
"""
