with

source as (

    select * from {{ source('billing', 'fx_rates') }}

),

latest as (

    -- the latest load's version of every event (repeats taken once)
    {{ latest_version('source', ['rate_date', 'currency']) }}

),

final as (

    select
        rate_date,
        currency,
        cast(rate_to_reporting as {{ fx_rate_type() }}) as rate_to_reporting,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
