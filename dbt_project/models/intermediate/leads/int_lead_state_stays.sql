{#- One row per stay of a live lead in a conversion state: when it entered, the next state
    it went to and when, and how the stay ended (moved forward, went back, dropped, or still
    there). State order and drops come from the seed lead_states. -#}
with

history as (

    select * from {{ ref('stg_crm__lead_status_history') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

states as (

    select * from {{ ref('lead_states') }}

),

ordered as (

    -- changes at the same instant follow the states' order in the seed
    select
        history.lead_id,
        history.status,
        history.changed_at as entered_at,
        history.changed_by_user_id,
        lead(history.status) over (
            partition by history.lead_id order by history.changed_at, state_order.position
        ) as next_status,
        lead(history.changed_at) over (
            partition by history.lead_id order by history.changed_at, state_order.position
        ) as left_at
    from history
    inner join leads
        on history.lead_id = leads.lead_id
    left join states as state_order
        on history.status = state_order.status

),

final as (

    select
        ordered.lead_id,
        ordered.status,
        {{ month_of('ordered.entered_at') }} as entered_month,
        ordered.entered_at,
        ordered.changed_by_user_id,
        ordered.next_status,
        ordered.left_at,
        {{ days_between('ordered.entered_at', 'ordered.left_at') }} as days_in_state,
        case
            when ordered.next_status is null then 'stayed'
            when next_states.is_drop then 'dropped'
            when next_states.position > states.position then 'moved_forward'
            else 'went_back'
        end as stay_outcome,
        states.is_open,
        states.stuck_after_days
    from ordered
    left join states
        on ordered.status = states.status
    left join states as next_states
        on ordered.next_status = next_states.status

)

select * from final
