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
        cast(lead_type as {{ dbt.type_int() }}) as lead_type,
        created_month,
        outcome,
        cast(max_phase as {{ dbt.type_int() }}) as max_phase,
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
