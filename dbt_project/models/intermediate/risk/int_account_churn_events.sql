{#- Every churn in each customer account's history: a subscription end at which no other
    subscription of the account is active and none starts within var('churn_gap_days')
    after it. Only ends confirmed by the as-of date (the gap has passed) count; an account
    that came back later can have several. The last one, if the account is still gone, is
    customer_lifetime's churned_on. -#}
with

subscriptions as (

    select * from {{ ref('int_account_subscriptions') }}

),

customer_accounts as (

    select * from {{ ref('int_customer_accounts') }}

),

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

account_subscriptions as (

    select
        subscriptions.account_id,
        subscriptions.subscription_id,
        subscriptions.started_on,
        subscriptions.ended_on
    from subscriptions
    inner join customer_accounts
        on subscriptions.account_id = customer_accounts.account_id

),

ends as (

    select distinct account_id, ended_on
    from account_subscriptions
    where ended_on is not null

),

uncovered_ends as (

    -- no subscription runs across the end, and none starts within the gap after it
    select ends.account_id, ends.ended_on
    from ends
    where not exists (
        select 1
        from account_subscriptions as other
        where other.account_id = ends.account_id
            and other.started_on <= cast({{ dbt.dateadd('day', var('churn_gap_days'), 'ends.ended_on') }} as date)
            and (other.ended_on is null or other.ended_on > ends.ended_on)
    )

),

final as (

    select
        uncovered_ends.account_id,
        uncovered_ends.ended_on as churned_on,
        {{ month_of('uncovered_ends.ended_on') }} as churned_month
    from uncovered_ends
    cross join as_of
    where cast({{ dbt.dateadd('day', var('churn_gap_days'), 'uncovered_ends.ended_on') }} as date)
        <= as_of.as_of

)

select * from final
