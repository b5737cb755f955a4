with

stays as (

    select * from {{ ref('int_lead_state_stays') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

current_stays as (

    select
        stays.*,
        as_of.as_of,
        {{ days_between('stays.entered_at', 'as_of.as_of_end') }} as days_in_state_so_far
    from stays
    cross join as_of
    where stays.stay_outcome = 'stayed'
        and stays.is_open
        and stays.stuck_after_days is not null

),

final as (

    select
        current_stays.lead_id,
        leads.owner_user_id,
        current_stays.status,
        current_stays.entered_at,
        current_stays.days_in_state_so_far as days_in_state,
        current_stays.stuck_after_days as limit_days,
        current_stays.days_in_state_so_far - current_stays.stuck_after_days as days_over_limit,
        cast(leads.lead_type as {{ dbt.type_int() }}) as lead_type,
        leads.channel,
        current_stays.as_of
    from current_stays
    inner join leads
        on current_stays.lead_id = leads.lead_id
    where current_stays.days_in_state_so_far > current_stays.stuck_after_days
        and leads.converted_at is null

)

select * from final
