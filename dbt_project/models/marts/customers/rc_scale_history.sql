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
        window_won_upsells,
        window_invoices_due,
        window_invoices_paid_on_time,
        window_sales_contacts,
        window_two_way_sales_contacts
    from scores
    where event_type = 'sales_contact'

)

select * from final
