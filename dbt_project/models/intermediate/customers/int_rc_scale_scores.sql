{#- The RC-scale at every scoring moment of int_rc_scale_events: trailing-window sums over
    (T - rc_window_days, T] (a RANGE window over the integer time key, so the work stays
    near-linear in the number of events), the four components, the score, its level and
    the weakest component. Weights, caps and empty-window values come from the seed
    rc_scale_components; level bands from rc_scale_levels. -#}
{%- set window_us = var('rc_window_days') * 86400 * 1000000 - 1 -%}
with

events as (

    select * from {{ ref('int_rc_scale_events') }}

),

components as (

    select * from {{ ref('rc_scale_components') }}

),

levels as (

    select * from {{ ref('rc_scale_levels') }}

),

settings as (

    select
        max(case when component = 'introductions' then weight end) as introductions_weight,
        max(case when component = 'upsells' then weight end) as upsells_weight,
        max(case when component = 'payments' then weight end) as payments_weight,
        max(case when component = 'responsiveness' then weight end) as responsiveness_weight,
        max(case when component = 'introductions' then cap end) as introductions_cap,
        max(case when component = 'upsells' then cap end) as upsells_cap,
        max(case when component = 'payments' then value_when_empty end) as payments_when_empty,
        max(case when component = 'responsiveness' then value_when_empty end)
            as responsiveness_when_empty,
        sum(weight) as total_weight
    from components

),

windowed as (

    -- window (T - rc_window_days, T]: peers at T included, the instant T - window excluded
    select
        account_id,
        activity_id,
        event_type,
        event_at as scored_at,
        sum(introduction_value) over trailing_window as window_introduction_value,
        sum(won_upsells) over trailing_window as window_won_upsells,
        sum(invoices_due) over trailing_window as window_invoices_due,
        sum(invoices_paid_on_time) over trailing_window as window_invoices_paid_on_time,
        sum(sales_contacts) over trailing_window as window_sales_contacts,
        sum(two_way_sales_contacts) over trailing_window as window_two_way_sales_contacts
    from events
    window trailing_window as (
        partition by account_id
        order by event_us
        range between {{ window_us }} preceding and current row
    )

),

scored_moments as (

    select * from windowed where event_type in ('sales_contact', 'current')

),

valued as (

    select
        scored_moments.*,
        settings.*,
        case when window_introduction_value / introductions_cap > 1 then 1
            else window_introduction_value / introductions_cap end as introductions_component,
        case when cast(window_won_upsells as {{ type_double() }}) / upsells_cap > 1 then 1
            else cast(window_won_upsells as {{ type_double() }}) / upsells_cap end
            as upsells_component,
        coalesce({{ safe_share('window_invoices_paid_on_time', 'window_invoices_due') }},
            payments_when_empty) as payments_component,
        coalesce({{ safe_share('window_two_way_sales_contacts', 'window_sales_contacts') }},
            responsiveness_when_empty) as responsiveness_component
    from scored_moments
    cross join settings

),

scored as (

    select
        *,
        100 * (introductions_weight * introductions_component
            + upsells_weight * upsells_component
            + payments_weight * payments_component
            + responsiveness_weight * responsiveness_component) / total_weight as rc_score,
        introductions_weight * (1 - introductions_component) as introductions_gap,
        upsells_weight * (1 - upsells_component) as upsells_gap,
        payments_weight * (1 - payments_component) as payments_gap,
        responsiveness_weight * (1 - responsiveness_component) as responsiveness_gap
    from valued

),

final as (

    select
        scored.account_id,
        scored.activity_id,
        scored.event_type,
        scored.scored_at,
        scored.rc_score,
        levels.rc_level,
        scored.introductions_component,
        scored.upsells_component,
        scored.payments_component,
        scored.responsiveness_component,
        -- the largest weight x (1 - value); ties go to the first in table order
        case
            when introductions_gap >= upsells_gap and introductions_gap >= payments_gap
                and introductions_gap >= responsiveness_gap then 'introductions'
            when upsells_gap >= payments_gap and upsells_gap >= responsiveness_gap then 'upsells'
            when payments_gap >= responsiveness_gap then 'payments'
            else 'responsiveness'
        end as weakest_component,
        scored.window_introduction_value,
        scored.window_won_upsells,
        scored.window_invoices_due,
        scored.window_invoices_paid_on_time,
        scored.window_sales_contacts,
        scored.window_two_way_sales_contacts
    from scored
    left join levels
        on scored.rc_score >= levels.lower_bound
        and (levels.upper_bound is null or scored.rc_score < levels.upper_bound)

)

select * from final
