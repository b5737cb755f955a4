with

source as (

    select * from {{ source('billing', 'products') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['product_id'], 'updated_at') }}

),

final as (

    select
        product_id,
        name as product_name,
        ladder_step,
        cast(list_price as {{ money_type() }}) as list_price,
        currency,
        is_recurring,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
