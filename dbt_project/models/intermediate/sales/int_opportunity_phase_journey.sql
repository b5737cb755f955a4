{#- One row per phase an opportunity entered: when it entered, the next phase it entered
    (phases may be skipped) and when it left the phase (entering the next phase entered, or
    closing, for the last one). Deleted opportunities have no journey. -#}
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

phases as (

    select * from {{ ref('stg_crm__opportunity_phases') }}

),

ordered as (

    select
        phases.opportunity_id,
        opportunities.process,
        opportunities.lead_type,
        opportunities.outcome,
        opportunities.closed_at,
        phases.phase_number,
        phases.entered_at,
        lead(phases.phase_number) over (
            partition by phases.opportunity_id order by phases.phase_number
        ) as next_phase_number,
        lead(phases.entered_at) over (
            partition by phases.opportunity_id order by phases.phase_number
        ) as next_entered_at
    from phases
    inner join opportunities
        on phases.opportunity_id = opportunities.opportunity_id

),

final as (

    select
        opportunity_id,
        process,
        lead_type,
        outcome,
        phase_number,
        entered_at,
        next_phase_number,
        next_entered_at,
        case when next_phase_number is null then closed_at else next_entered_at end as left_at,
        next_phase_number is null as is_last_phase,
        {{ days_between('entered_at',
            'case when next_phase_number is null then closed_at else next_entered_at end') }}
            as days_in_phase
    from ordered

)

select * from final
