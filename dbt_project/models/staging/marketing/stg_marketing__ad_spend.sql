with

source as (

    select * from {{ source('marketing', 'ad_spend') }}

),

latest as (

    -- the latest load's version of every event (repeats taken once)
    {{ latest_version('source', ['spend_date', 'campaign_id']) }}

),

final as (

    select
        spend_date,
        campaign_id,
        impressions,
        clicks,
        cast(spend as {{ money_type() }}) as spend,
        currency,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
