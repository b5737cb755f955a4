with

source as (

    select * from {{ source('crm', 'opportunity_phases') }}

),

latest as (

    -- the latest load's version of every event (repeats taken once)
    {{ latest_version('source', ['opportunity_id', 'phase_number']) }}

),

final as (

    select
        opportunity_id,
        phase_number,
        entered_at,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
