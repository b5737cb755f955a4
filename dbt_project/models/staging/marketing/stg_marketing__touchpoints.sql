with

source as (

    select * from {{ source('marketing', 'touchpoints') }}

),

latest as (

    -- the latest load's version of every event (repeats taken once)
    {{ latest_version('source', ['touchpoint_id']) }}

),

final as (

    select
        touchpoint_id,
        campaign_id,
        lead_id,
        contact_id,
        occurred_at,
        touch_type,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
