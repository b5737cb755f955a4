with

source as (

    select * from {{ source('planning', 'targets') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['month', 'user_id', 'kpi'], 'updated_at') }}

),

final as (

    select
        month,
        user_id,
        kpi,
        cast(target as {{ money_type() }}) as target,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from latest
    where not coalesce(is_deleted, false)

)

select * from final
