{#- The shared pool: leads whose exclusive ownership (var lead_exclusive_days from creation)
    expired, as of the run's as-of date, without conversion. A converted lead never appears;
    a won customer stays with its owner. -#}
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

stays as (

    select * from {{ ref('int_lead_state_stays') }}

),

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

current_status as (

    select lead_id, status
    from stays
    where stay_outcome = 'stayed'

),

ownership as (

    select
        leads.*,
        {{ dbt.dateadd('day', var('lead_exclusive_days'), 'leads.created_at') }} as exclusive_until
    from leads
    -- converted: converted_at or converted_account_id set (either says the lead converted)
    where leads.converted_at is null
        and leads.converted_account_id is null

),

final as (

    select
        ownership.lead_id,
        ownership.owner_user_id as previous_owner_user_id,
        ownership.created_at,
        ownership.exclusive_until,
        {{ days_between('ownership.exclusive_until', 'as_of.as_of_end') }} as days_in_pool,
        ownership.channel,
        cast(ownership.lead_type as {{ dbt.type_int() }}) as lead_type,
        current_status.status as current_status,
        as_of.as_of
    from ownership
    cross join as_of
    left join current_status
        on ownership.lead_id = current_status.lead_id
    where ownership.exclusive_until <= as_of.as_of_end

)

select * from final
