{#- The training label of each account month: did the account churn within the next
    var('churn_horizon_months') months after observed_at? `is_label_known` is false while
    that horizon (plus the churn gap that confirms a churn) has not fully passed by the
    as-of date: such months can be scored but not used to train or evaluate. -#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

churn_events as (

    select * from {{ ref('int_account_churn_events') }}

),

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

next_churn as (

    select
        account_months.account_id,
        account_months.month,
        min(churn_events.churned_on) as next_churned_on
    from account_months
    inner join churn_events
        on account_months.account_id = churn_events.account_id
        and cast(churn_events.churned_on as {{ dbt.type_timestamp() }}) >= account_months.observed_at
    group by account_months.account_id, account_months.month

),

final as (

    select
        account_months.account_id,
        account_months.month,
        account_months.observed_at,
        next_churn.next_churned_on,
        case when next_churn.next_churned_on is not null
            and cast(next_churn.next_churned_on as {{ dbt.type_timestamp() }})
                < {{ dbt.dateadd('month', var('churn_horizon_months'), 'account_months.observed_at') }}
            then 1 else 0 end as churned_within_horizon,
        {{ dbt.dateadd('day', var('churn_gap_days'),
            dbt.dateadd('month', var('churn_horizon_months'), 'account_months.observed_at')) }}
            <= as_of.as_of_end as is_label_known
    from account_months
    cross join as_of
    left join next_churn
        on account_months.account_id = next_churn.account_id
        and account_months.month = next_churn.month

)

select * from final
