{#- What will close: every open opportunity with the final win rate of the finished
    opportunities of its kind (process, own lead_type) that entered the phase it has
    reached, and its amount weighted by that rate. -#}
with

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

closing_per_phase as (

    select * from {{ ref('closing_per_phase') }}

),

sales_phases as (

    select * from {{ ref('sales_phases') }}

),

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

open_opportunities as (

    select * from opportunities where outcome = 'open'

),

forecast as (

    select
        open_opportunities.opportunity_id,
        open_opportunities.account_id,
        open_opportunities.owner_user_id,
        open_opportunities.process,
        open_opportunities.lead_type,
        open_opportunities.max_phase as current_phase,
        sales_phases.phase_name as current_phase_name,
        open_opportunities.amount_eur,
        open_opportunities.created_at,
        {{ days_between('open_opportunities.created_at', 'as_of.as_of_end') }} as days_open,
        closing_per_phase.win_rate as win_probability,
        closing_per_phase.entered as probability_basis,
        as_of.as_of
    from open_opportunities
    cross join as_of
    left join closing_per_phase
        on open_opportunities.process = closing_per_phase.process
        and open_opportunities.lead_type = closing_per_phase.lead_type
        and open_opportunities.max_phase = closing_per_phase.phase_number
    left join sales_phases
        on open_opportunities.process = sales_phases.process
        and open_opportunities.max_phase = sales_phases.phase_number

),

final as (

    select
        opportunity_id,
        account_id,
        owner_user_id,
        process,
        cast(lead_type as bigint) as lead_type,
        cast(current_phase as bigint) as current_phase,
        cast(amount_eur as {{ reporting_money_type() }}) as amount_eur,
        cast(days_open as {{ type_double() }}) as days_open,
        cast(win_probability as {{ type_double() }}) as win_probability,
        cast(amount_eur as {{ type_double() }}) * cast(win_probability as {{ type_double() }})
            as expected_value_eur,
        current_phase_name,
        cast(probability_basis as bigint) as probability_basis,
        created_at,
        as_of
    from forecast

)

select * from final
