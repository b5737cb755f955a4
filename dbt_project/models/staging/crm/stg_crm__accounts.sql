with

source as (

    select * from {{ source('crm', 'accounts') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['account_id'], 'updated_at') }}

),

final as (

    select
        account_id,
        name as account_name,
        industry,
        country,
        employees,
        owner_user_id,
        created_at,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from latest
    where not coalesce(is_deleted, false)

)

select * from final
