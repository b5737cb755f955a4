{#- One row per live account that has a billing customer, with its subscription state as of
    the run's as-of date and its churn date: the last subscription's end when none is active
    and none started within var('churn_gap_days') after it, once that many days have passed. -#}
with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

customers as (

    select * from {{ ref('stg_billing__customers') }}

),

account_subscriptions as (

    select * from {{ ref('int_account_subscriptions') }}

),

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

customer_accounts as (

    select
        accounts.account_id,
        min(customers.created_at) as became_customer_at,
        count(*) as billing_customers
    from accounts
    inner join customers
        on accounts.account_id = customers.account_id
    group by accounts.account_id

),

subscription_state as (

    select
        account_subscriptions.account_id,
        count(*) as subscriptions,
        sum(case when account_subscriptions.ended_on is null
            or account_subscriptions.ended_on > as_of.as_of then 1 else 0 end)
            as active_subscriptions,
        min(account_subscriptions.started_on) as first_started_on,
        max(account_subscriptions.ended_on) as last_ended_on
    from account_subscriptions
    cross join as_of
    group by account_subscriptions.account_id

),

final as (

    select
        customer_accounts.account_id,
        customer_accounts.became_customer_at,
        customer_accounts.billing_customers,
        coalesce(subscription_state.subscriptions, 0) as subscriptions,
        coalesce(subscription_state.active_subscriptions, 0) as active_subscriptions,
        subscription_state.first_started_on,
        subscription_state.last_ended_on,
        case
            when subscription_state.active_subscriptions = 0
                and cast({{ dbt.dateadd('day', var('churn_gap_days'), 'subscription_state.last_ended_on') }} as date)
                    <= as_of.as_of
            then subscription_state.last_ended_on
        end as churned_on
    from customer_accounts
    cross join as_of
    left join subscription_state
        on customer_accounts.account_id = subscription_state.account_id

)

select * from final
