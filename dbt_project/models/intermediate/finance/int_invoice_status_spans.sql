{#- Each invoice's status over time: one row per landed version, valid from its updated_at
    until the next version's updated_at (open-ended for the newest). A feature that asks
    "what was this invoice's status at instant T" takes the span with
    valid_from < T <= valid_to (or valid_to null). Before its first version an invoice has
    no recorded status. -#}
with

invoice_versions as (

    select * from {{ ref('stg_billing__invoice_versions') }}

),

final as (

    select
        invoice_id,
        status,
        updated_at as valid_from,
        lead(updated_at) over (partition by invoice_id order by updated_at) as valid_to
    from invoice_versions

)

select * from final
