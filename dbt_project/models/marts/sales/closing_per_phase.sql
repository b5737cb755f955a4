with

journey as (

    select * from {{ ref('int_opportunity_phase_journey') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

phase_names as (

    select * from {{ ref('sales_phases') }}

),

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

finished_journey as (

    select
        journey.*,
        opportunities.max_phase
    from journey
    inner join opportunities
        on journey.opportunity_id = opportunities.opportunity_id
    where opportunities.is_finished

),

per_phase as (

    select
        process,
        lead_type,
        phase_number,
        count(*) as entered,
        cast(sum(case when next_phase_number is not null then 1 else 0 end) as {{ dbt.type_bigint() }})
            as advanced,
        cast(sum(case when outcome = 'lost' and phase_number = max_phase then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as lost_here,
        cast(sum(case when outcome = 'won' then 1 else 0 end) as {{ dbt.type_bigint() }}) as won,
        {{ median('days_in_phase') }} as median_days_in_phase
    from finished_journey
    group by process, lead_type, phase_number

),

final as (

    select
        per_phase.process,
        cast(per_phase.lead_type as {{ dbt.type_int() }}) as lead_type,
        cast(per_phase.phase_number as {{ dbt.type_int() }}) as phase_number,
        phase_names.phase_name,
        per_phase.entered,
        per_phase.advanced,
        per_phase.lost_here,
        per_phase.won,
        {{ safe_share('per_phase.advanced', 'per_phase.entered') }} as advance_rate,
        {{ safe_share('per_phase.won', 'per_phase.entered') }} as win_rate,
        per_phase.median_days_in_phase,
        as_of.as_of
    from per_phase
    cross join as_of
    left join phase_names
        on per_phase.process = phase_names.process
        and per_phase.phase_number = phase_names.phase_number

)

select * from final
