{#- One row per customer account and month in which it was an active customer at the
    month's end (a subscription running then), up to the as-of month. `observed_at` is the
    instant every feature of the month is measured at: the month's end, or the end of the
    as-of day for the as-of month. -#}
with

subscriptions as (

    select * from {{ ref('stg_billing__subscriptions') }}

),

customers as (

    select * from {{ ref('stg_billing__customers') }}

),

customer_accounts as (

    select * from {{ ref('int_customer_accounts') }}

),

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

numbers as (

    {{ dbt.generate_series(1200) }}

),

first_starts as (

    select
        customers.account_id,
        {{ month_of('min(subscriptions.started_on)') }} as first_month
    from subscriptions
    inner join customers
        on subscriptions.customer_id = customers.customer_id
    inner join customer_accounts
        on customers.account_id = customer_accounts.account_id
    group by customers.account_id

),

candidate_months as (

    select
        first_starts.account_id,
        cast({{ dbt.dateadd('month', 'numbers.generated_number - 1', 'first_starts.first_month') }}
            as date) as month
    from first_starts
    cross join numbers

),

observed as (

    select
        candidate_months.account_id,
        candidate_months.month,
        case
            when cast({{ dbt.dateadd('month', 1, 'candidate_months.month') }} as {{ dbt.type_timestamp() }})
                < as_of.as_of_end
            then cast({{ dbt.dateadd('month', 1, 'candidate_months.month') }} as {{ dbt.type_timestamp() }})
            else as_of.as_of_end
        end as observed_at
    from candidate_months
    cross join as_of
    where candidate_months.month <= as_of.as_of

),

active as (

    select distinct
        observed.account_id,
        observed.month,
        observed.observed_at
    from observed
    inner join customers
        on observed.account_id = customers.account_id
    inner join subscriptions
        on customers.customer_id = subscriptions.customer_id
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
