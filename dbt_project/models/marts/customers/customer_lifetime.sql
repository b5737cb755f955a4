with

customer_accounts as (

    select * from {{ ref('int_customer_accounts') }}

),

invoice_payments as (

    select * from {{ ref('int_invoice_payments') }}

),

ladder_steps as (

    select * from {{ ref('int_account_ladder_steps') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

account_origins as (

    select * from {{ ref('int_account_origins') }}

),

invoicing as (

    select
        account_id,
        min(case when invoice_type = 'invoice' and status <> 'void' then issued_on end)
            as first_invoice_on,
        cast(sum(case when status <> 'void' then amount_eur else 0 end)
            as {{ reporting_money_type() }}) as invoiced_eur,
        cast(sum(paid_eur) as {{ reporting_money_type() }}) as paid_eur
    from invoice_payments
    where account_id is not null
    group by account_id

),

ascension as (

    select
        account_id,
        max(ladder_step) as ascension_step
    from ladder_steps
    group by account_id

),

final as (

    select
        customer_accounts.account_id,
        invoicing.first_invoice_on,
        {{ month_of('invoicing.first_invoice_on') }} as cohort_month,
        ascension.ascension_step,
        coalesce(invoicing.invoiced_eur, 0) as invoiced_eur,
        coalesce(invoicing.paid_eur, 0) as paid_eur,
        customer_accounts.churned_on,
        customer_accounts.churned_on is not null as is_churned,
        cast(customer_accounts.active_subscriptions as {{ dbt.type_bigint() }})
            as active_subscriptions,
        customer_accounts.last_ended_on,
        accounts.owner_user_id,
        account_origins.origin_lead_id,
        account_origins.origin_channel,
        cast(account_origins.origin_lead_type as {{ dbt.type_int() }}) as origin_lead_type,
        account_origins.origin_campaign_id
    from customer_accounts
    left join invoicing
        on customer_accounts.account_id = invoicing.account_id
    left join ascension
        on customer_accounts.account_id = ascension.account_id
    left join accounts
        on customer_accounts.account_id = accounts.account_id
    left join account_origins
        on customer_accounts.account_id = account_origins.account_id

)

select * from final
