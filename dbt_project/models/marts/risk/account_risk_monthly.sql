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
        features.invoiced_12m_eur,
        features.invoiced_change_ratio,
        features.invoice_rhythm_ratio,
        features.late_payments_12m,
        features.avg_days_late_12m,
        features.credit_notes_12m,
        features.disputed_invoices_12m,
        features.support_cases_3m,
        features.support_cases_trend,
        features.sales_contacts_3m,
        features.sales_contacts_trend,
        features.two_way_contacts_3m,
        features.two_way_contacts_trend,
        features.days_since_two_way_contact,
        features.no_recent_two_way_contact,
        features.new_contacts_3m,
        features.lost_opportunities_6m,
        features.stale_open_opportunities,
        features.account_contacts_3m,
        features.account_contacts_ratio,
        features.days_since_account_contact,
        features.support_cases_ratio,
        features.new_contacts_ratio,
        features.invoiced_3m_ratio,
        features.late_payments_3m,
        features.open_opportunities,
        features.lost_opportunities_3m,
        features.won_opportunities_12m,
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
