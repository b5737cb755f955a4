{#- The one day spine: every day of the 1200 months from var('calendar_start_month'), whatever
    the data holds. It is MetricFlow's time spine (int_days.yml): the semantic layer joins it
    for time-based metrics. It reads nothing but a date series. -#}
{%- set calendar_start = "cast('" ~ var('calendar_start_month') ~ "' as date)" -%}
with

days as (

    {{ dbt.date_spine('day', calendar_start, dbt.dateadd('month', 1200, calendar_start)) }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
