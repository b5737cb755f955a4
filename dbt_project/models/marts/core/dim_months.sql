{#- A month calendar from the first month with leads, activities, opportunities or invoices
    up to the as-of month, for dashboards that need every month on an axis. -#}
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

invoices as (

    select * from {{ ref('stg_billing__invoices') }}

),

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

first_dates as (

    select min(created_at) as first_at from leads
    union all
    select min(occurred_at) from activities
    union all
    select min(created_at) from opportunities
    union all
    select min(cast(issued_on as {{ dbt.type_timestamp() }})) from invoices

),

bounds as (

    select
        {{ month_of('min(first_dates.first_at)') }} as first_month,
        {{ month_of('max(as_of.as_of)') }} as last_month
    from first_dates
    cross join as_of

),

calendar as (

    select * from {{ ref('int_months') }}

),

months as (

    select
        calendar.month,
        bounds.last_month
    from calendar
    cross join bounds
    where calendar.month >= bounds.first_month

),

final as (

    select
        month,
        extract(year from month) as year,
        extract(month from month) as month_of_year,
        extract(quarter from month) as quarter
    from months
    where month <= last_month

)

select * from final
