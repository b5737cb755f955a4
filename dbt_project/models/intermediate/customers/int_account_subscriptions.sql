{#- Every live subscription with the CRM account of its billing customer: the one place the
    subscription -> customer -> account join is written. -#}
with

subscriptions as (

    select * from {{ ref('stg_billing__subscriptions') }}

),

customers as (

    select * from {{ ref('stg_billing__customers') }}

),

final as (

    select
        subscriptions.subscription_id,
        customers.account_id,
        subscriptions.customer_id,
        subscriptions.product_id,
        subscriptions.started_on,
        subscriptions.ended_on,
        subscriptions.mrr,
        subscriptions.currency
    from subscriptions
    inner join customers
        on subscriptions.customer_id = customers.customer_id

)

select * from final
