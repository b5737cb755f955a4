with

source as (

    select * from {{ source('crm', 'opportunities') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['opportunity_id'], 'updated_at') }}

),

final as (

    select
        opportunity_id,
        account_id,
        lead_id,
        owner_user_id,
        process,
        lead_type,
        product_id,
        cast(amount as {{ money_type() }}) as amount,
        currency,
        created_at,
        closed_at,
        outcome,
        loss_reason,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from latest
    where not coalesce(is_deleted, false)

)

select * from final
