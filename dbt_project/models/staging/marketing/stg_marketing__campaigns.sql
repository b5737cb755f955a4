with

source as (

    select * from {{ source('marketing', 'campaigns') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['campaign_id'], 'updated_at') }}

),

final as (

    select
        campaign_id,
        name as campaign_name,
        channel,
        started_on,
        ended_on,
        cast(budget as {{ money_type() }}) as budget,
        currency,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
