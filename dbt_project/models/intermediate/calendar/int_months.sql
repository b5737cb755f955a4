{#- The one month spine: every month from var('calendar_start_month') up to the as-of month,
    with the instant a month is observed at (its end, or the end of the as-of day for the
    as-of month). Monthly models join it instead of generating their own series. -#}
with

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

numbers as (

    {{ dbt.generate_series(1200) }}

),

months as (

    select
        numbers.generated_number - 1 as month_number,
        cast({{ dbt.dateadd(
            'month', 'numbers.generated_number - 1',
            "cast('" ~ var('calendar_start_month') ~ "' as date)") }} as date) as month
    from numbers

),

final as (

    select
        months.month,
        months.month_number,
        cast({{ dbt.dateadd('month', 1, 'months.month') }} as {{ dbt.type_timestamp() }})
            as month_end_at,
        case
            when cast({{ dbt.dateadd('month', 1, 'months.month') }} as {{ dbt.type_timestamp() }})
                < as_of.as_of_end
            then cast({{ dbt.dateadd('month', 1, 'months.month') }} as {{ dbt.type_timestamp() }})
            else as_of.as_of_end
        end as observed_at
    from months
    cross join as_of
    where months.month <= as_of.as_of

)

select * from final
