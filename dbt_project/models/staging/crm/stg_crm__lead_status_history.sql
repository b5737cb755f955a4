with

source as (

    select * from {{ source('crm', 'lead_status_history') }}

),

latest as (

    -- the latest load's version of every event (repeats taken once)
    {{ latest_version('source', ['lead_id', 'status', 'changed_at']) }}

),

final as (

    select
        lead_id,
        status,
        changed_at,
        changed_by_user_id,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
