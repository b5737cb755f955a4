with

source as (

    select * from {{ source('billing', 'invoices') }}

),

versions as (

    -- every landed version of every invoice, once per (invoice, updated_at): the status
    -- history that lets a feature ask what an invoice's status was at a past date
    {{ latest_version('source', ['invoice_id', 'updated_at']) }}

),

final as (

    select
        invoice_id,
        status,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from versions

)

select * from final
