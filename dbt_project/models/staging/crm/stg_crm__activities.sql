with

source as (

    select * from {{ source('crm', 'activities') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['activity_id'], 'updated_at') }}

),

final as (

    select
        activity_id,
        activity_type,
        direction,
        user_id,
        lead_id,
        contact_id,
        account_id,
        opportunity_id,
        occurred_at,
        duration_minutes,
        is_two_way,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from latest
    where not coalesce(is_deleted, false)

)

select * from final
