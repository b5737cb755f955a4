with

scores as (

    select * from {{ ref('int_rc_scale_scores') }}

),

final as (

    select
        account_id,
        activity_id,
        scored_at as occurred_at,
        rc_score,
        rc_level,
        introductions_component,
        upsells_component,
        payments_component,
        responsiveness_component,
        weakest_component,
        window_introduction_value,
        cast(window_won_upsells as {{ dbt.type_bigint() }}) as window_won_upsells,
        cast(window_invoices_due as {{ dbt.type_bigint() }}) as window_invoices_due,
        cast(window_invoices_paid_on_time as {{ dbt.type_bigint() }}) as window_invoices_paid_on_time,
        cast(window_sales_contacts as {{ dbt.type_bigint() }}) as window_sales_contacts,
        cast(window_two_way_sales_contacts as {{ dbt.type_bigint() }}) as window_two_way_sales_contacts
    from scores
    where event_type = 'sales_contact'

)

select * from final
