with

source as (

    select * from {{ source('billing', 'subscriptions') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['subscription_id'], 'updated_at') }}

),

final as (

    select
        subscription_id,
        customer_id,
        product_id,
        started_on,
        ended_on,
        cast(mrr as {{ money_type() }}) as mrr,
        currency,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
