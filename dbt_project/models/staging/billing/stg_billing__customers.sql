with

source as (

    select * from {{ source('billing', 'customers') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['customer_id'], 'updated_at') }}

),

final as (

    select
        customer_id,
        account_id,
        name as customer_name,
        country,
        currency,
        created_at,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
