with

source as (

    select * from {{ source('billing', 'invoices') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['invoice_id'], 'updated_at') }}

),

final as (

    select
        invoice_id,
        customer_id,
        opportunity_id,
        invoice_type,
        issued_on,
        due_on,
        cast(amount as {{ money_type() }}) as amount,
        currency,
        status,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
