{#- Monthly cohorts by first invoice: for every month since the cohort's first, how many of
    its customers were still active (not churned by the month's end) and the retention rate. -#}
with

customers as (

    select * from {{ ref('customer_lifetime') }}

),

months as (

    select * from {{ ref('int_months') }}

),

cohorts as (

    select
        cohort_month,
        count(*) as cohort_customers
    from customers
    where cohort_month is not null
    group by cohort_month

),

in_range as (

    -- every month from the cohort's first up to the as-of month
    select
        cohorts.cohort_month,
        cohorts.cohort_customers,
        months.month_number - cohort_months.month_number as months_since_first_invoice,
        months.month
    from cohorts
    inner join months as cohort_months
        on cohorts.cohort_month = cohort_months.month
    inner join months
        on months.month >= cohorts.cohort_month

),

churned as (

    select
        in_range.cohort_month,
        in_range.month,
        count(customers.account_id) as churned_customers
    from in_range
    left join customers
        on customers.cohort_month = in_range.cohort_month
        and customers.churned_on < cast({{ dbt.dateadd('month', 1, 'in_range.month') }} as date)
    group by in_range.cohort_month, in_range.month

),

final as (

    select
        in_range.cohort_month,
        in_range.month,
        in_range.months_since_first_invoice,
        in_range.cohort_customers,
        in_range.cohort_customers - churned.churned_customers as active_customers,
        churned.churned_customers,
        {{ safe_share('in_range.cohort_customers - churned.churned_customers',
            'in_range.cohort_customers') }} as retention_rate
    from in_range
    inner join churned
        on in_range.cohort_month = churned.cohort_month
        and in_range.month = churned.month

)

select * from final
