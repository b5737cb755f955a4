with

source as (

    select * from {{ source('crm', 'support_cases') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['case_id'], 'updated_at') }}

),

final as (

    select
        case_id,
        account_id,
        contact_id,
        category,
        priority,
        opened_at,
        closed_at,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
