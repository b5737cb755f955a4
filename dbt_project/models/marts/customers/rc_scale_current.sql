with

scores as (

    select * from {{ ref('int_rc_scale_scores') }}

),

customer_accounts as (

    select * from {{ ref('int_customer_accounts') }}

),

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

final as (

    select
        scores.account_id,
        as_of.as_of,
        scores.rc_score,
        scores.rc_level,
        scores.introductions_component,
        scores.upsells_component,
        scores.payments_component,
        scores.responsiveness_component,
        scores.weakest_component,
        scores.window_introduction_value,
        cast(scores.window_won_upsells as {{ dbt.type_bigint() }}) as window_won_upsells,
        cast(scores.window_invoices_due as {{ dbt.type_bigint() }}) as window_invoices_due,
        cast(scores.window_invoices_paid_on_time as {{ dbt.type_bigint() }}) as window_invoices_paid_on_time,
        cast(scores.window_sales_contacts as {{ dbt.type_bigint() }}) as window_sales_contacts,
        cast(scores.window_two_way_sales_contacts as {{ dbt.type_bigint() }}) as window_two_way_sales_contacts,
        accounts.owner_user_id
    from scores
    inner join customer_accounts
        on scores.account_id = customer_accounts.account_id
    left join accounts
        on scores.account_id = accounts.account_id
    cross join as_of
    where scores.event_type = 'current'
        and customer_accounts.churned_on is null

)

select * from final
