{#- When each customer account first reached each step of the product ladder: the earliest
    subscription start (or won opportunity close) of a product on that step. -#}
with

customer_accounts as (

    select * from {{ ref('int_customer_accounts') }}

),

subscriptions as (

    select * from {{ ref('int_account_subscriptions') }}

),

opportunities as (

    select * from {{ ref('int_opportunities') }}

),

products as (

    select * from {{ ref('stg_billing__products') }}

),

purchases as (

    select
        account_id,
        product_id,
        cast(started_on as {{ dbt.type_timestamp() }}) as bought_at
    from subscriptions

    union all

    select
        account_id,
        product_id,
        closed_at
    from opportunities
    where outcome = 'won' and product_id is not null

),

final as (

    select
        purchases.account_id,
        products.ladder_step,
        min(purchases.bought_at) as first_reached_at
    from purchases
    inner join customer_accounts
        on purchases.account_id = customer_accounts.account_id
    inner join products
        on purchases.product_id = products.product_id
    where products.ladder_step is not null
    group by purchases.account_id, products.ladder_step

)

select * from final
