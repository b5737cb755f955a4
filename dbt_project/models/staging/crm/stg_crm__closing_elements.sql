with

source as (

    select * from {{ source('crm', 'closing_elements') }}

),

latest as (

    -- the latest load's version of every event (repeats taken once)
    {{ latest_version('source', ['opportunity_id', 'element']) }}

),

final as (

    select
        opportunity_id,
        element,
        lined_up_at,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
