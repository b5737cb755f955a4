{{ config(tags=['churn_model_output']) }}

with

features as (

    select * from {{ ref('int_account_features_monthly') }}

),

scores as (

    select * from {{ ref('stg_ml__churn_model_scores') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

final as (

    select
        features.account_id,
        features.month,
        scores.risk_score,
        scores.at_risk,
        scores.top_signals,
        cast(features.invoiced_12m_eur as {{ reporting_money_type() }}) as invoiced_12m_eur,
        features.invoiced_change_ratio,
        features.invoice_rhythm_ratio,
        cast(features.late_payments_12m as {{ dbt.type_bigint() }}) as late_payments_12m,
        features.avg_days_late_12m,
        cast(features.credit_notes_12m as {{ dbt.type_bigint() }}) as credit_notes_12m,
        features.disputed_invoices_12m,
        cast(features.support_cases_3m as {{ dbt.type_bigint() }}) as support_cases_3m,
        cast(features.support_cases_trend as {{ dbt.type_bigint() }}) as support_cases_trend,
        cast(features.sales_contacts_3m as {{ dbt.type_bigint() }}) as sales_contacts_3m,
        cast(features.sales_contacts_trend as {{ dbt.type_bigint() }}) as sales_contacts_trend,
        cast(features.two_way_contacts_3m as {{ dbt.type_bigint() }}) as two_way_contacts_3m,
        cast(features.two_way_contacts_trend as {{ dbt.type_bigint() }}) as two_way_contacts_trend,
        features.days_since_two_way_contact,
        features.no_recent_two_way_contact,
        cast(features.new_contacts_3m as {{ dbt.type_bigint() }}) as new_contacts_3m,
        cast(features.lost_opportunities_6m as {{ dbt.type_bigint() }}) as lost_opportunities_6m,
        cast(features.stale_open_opportunities as {{ dbt.type_bigint() }}) as stale_open_opportunities,
        cast(features.account_contacts_3m as {{ dbt.type_bigint() }}) as account_contacts_3m,
        features.account_contacts_ratio,
        features.days_since_account_contact,
        features.support_cases_ratio,
        features.new_contacts_ratio,
        features.invoiced_3m_ratio,
        cast(features.late_payments_3m as {{ dbt.type_bigint() }}) as late_payments_3m,
        cast(features.open_opportunities as {{ dbt.type_bigint() }}) as open_opportunities,
        cast(features.lost_opportunities_3m as {{ dbt.type_bigint() }}) as lost_opportunities_3m,
        cast(features.won_opportunities_12m as {{ dbt.type_bigint() }}) as won_opportunities_12m,
        features.customer_tenure_months,
        accounts.owner_user_id
    from features
    left join scores
        on features.account_id = scores.account_id
        and features.month = scores.month
    left join accounts
        on features.account_id = accounts.account_id

)

select * from final
