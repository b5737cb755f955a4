{#- Every live opportunity with what the sales, introduction, customer, marketing and risk
    models need of it: phase reached, elements lined up, amount in the reporting currency,
    close and finish. The mart fct_opportunities publishes it; intermediate models read it
    here, never from the mart. -#}
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

journey as (

    select * from {{ ref('int_opportunity_phase_journey') }}

),

elements as (

    select * from {{ ref('int_opportunity_elements') }}

),

fx_rate_periods as (

    select * from {{ ref('int_fx_rate_periods') }}

),

max_phases as (

    select
        opportunity_id,
        max(phase_number) as max_phase
    from journey
    group by opportunity_id

),

valued as (

    select
        opportunities.*,
        -- converted at the close (at creation while open)
        case when opportunities.outcome = 'open' then opportunities.created_at
            else coalesce(opportunities.closed_at, opportunities.created_at) end as valued_at
    from opportunities

),

final as (

    select
        valued.opportunity_id,
        valued.account_id,
        valued.owner_user_id,
        valued.process,
        valued.lead_type,
        {{ month_of('valued.created_at') }} as created_month,
        valued.outcome,
        max_phases.max_phase,
        coalesce(elements.elements_lined_up, 0) as elements_lined_up,
        {{ to_reporting_currency('valued.amount', 'fx') }} as amount_eur,
        valued.closed_at,
        case when valued.outcome <> 'open'
            then {{ days_between('valued.created_at', 'valued.closed_at') }}
        end as days_to_close,
        valued.lead_id,
        valued.product_id,
        valued.amount,
        valued.currency,
        valued.created_at,
        case when valued.outcome <> 'open' then {{ month_of('valued.closed_at') }} end as closed_month,
        valued.outcome <> 'open' as is_finished,
        valued.loss_reason
    from valued
    left join max_phases
        on valued.opportunity_id = max_phases.opportunity_id
    left join elements
        on valued.opportunity_id = elements.opportunity_id
    left join fx_rate_periods as fx
        on {{ fx_rate_join('fx', 'valued.currency', 'valued.valued_at') }}

)

select * from final
