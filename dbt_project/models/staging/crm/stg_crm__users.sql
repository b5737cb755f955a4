with

source as (

    select * from {{ source('crm', 'users') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['user_id'], 'updated_at') }}

),

final as (

    select
        user_id,
        full_name as user_name,
        email,
        team,
        role,
        is_active,
        created_at,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
