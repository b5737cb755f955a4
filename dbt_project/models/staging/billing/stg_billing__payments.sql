with

source as (

    select * from {{ source('billing', 'payments') }}

),

latest as (

    -- the latest load's version of every event (repeats taken once)
    {{ latest_version('source', ['payment_id']) }}

),

final as (

    select
        payment_id,
        invoice_id,
        paid_at,
        cast(amount as {{ money_type() }}) as amount,
        currency,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
