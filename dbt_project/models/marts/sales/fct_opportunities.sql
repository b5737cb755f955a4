with

opportunities as (

    select * from {{ ref('int_opportunities') }}

),

final as (

    select
        opportunity_id,
        account_id,
        owner_user_id,
        process,
        lead_type,
        created_month,
        outcome,
        max_phase,
        elements_lined_up,
        amount_eur,
        closed_at,
        days_to_close,
        lead_id,
        product_id,
        amount,
        currency,
        created_at,
        closed_month,
        is_finished,
        loss_reason
    from opportunities

)

select * from final
