{#- One row per customer account and month in which it was an active customer at the
    month's end (a subscription running then), up to the as-of month. `observed_at` is the
    instant every feature of the month is measured at: the month's end, or the end of the
    as-of day for the as-of month. -#}
with

subscriptions as (

    select * from {{ ref('int_account_subscriptions') }}

),

customer_accounts as (

    select * from {{ ref('int_customer_accounts') }}

),

months as (

    select * from {{ ref('int_months') }}

),

first_starts as (

    select
        subscriptions.account_id,
        {{ month_of('min(subscriptions.started_on)') }} as first_month
    from subscriptions
    inner join customer_accounts
        on subscriptions.account_id = customer_accounts.account_id
    group by subscriptions.account_id

),

observed as (

    select
        first_starts.account_id,
        months.month,
        months.observed_at
    from first_starts
    inner join months
        on months.month >= first_starts.first_month

),

active as (

    select distinct
        observed.account_id,
        observed.month,
        observed.observed_at
    from observed
    inner join subscriptions
        on observed.account_id = subscriptions.account_id
        and cast(subscriptions.started_on as {{ dbt.type_timestamp() }}) < observed.observed_at
        and (subscriptions.ended_on is null
            or cast(subscriptions.ended_on as {{ dbt.type_timestamp() }}) >= observed.observed_at)

),

final as (

    select
        account_id,
        month,
        observed_at,
        cast(observed_at as date) as observed_on
    from active

)

select * from final
