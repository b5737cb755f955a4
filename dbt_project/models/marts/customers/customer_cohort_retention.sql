{#- Monthly cohorts by first invoice: for every month since the cohort's first, how many of
    its customers were still active (not churned by the month's end) and the retention rate. -#}
with

customers as (

    select * from {{ ref('customer_lifetime') }}

),

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

numbers as (

    {{ dbt.generate_series(1200) }}

),

cohorts as (

    select
        cohort_month,
        count(*) as cohort_customers
    from customers
    where cohort_month is not null
    group by cohort_month

),

cohort_months as (

    select
        cohorts.cohort_month,
        cohorts.cohort_customers,
        numbers.generated_number - 1 as months_since_first_invoice,
        cast({{ dbt.dateadd('month', 'numbers.generated_number - 1', 'cohorts.cohort_month') }}
            as date) as month
    from cohorts
    cross join numbers

),

in_range as (

    select cohort_months.*
    from cohort_months
    cross join as_of
    where cohort_months.month <= as_of.as_of

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
