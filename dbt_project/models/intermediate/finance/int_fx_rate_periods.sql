{#- Each fx rate with the period it applies to: from its rate_date up to (not including) the
    next rate_date of the same currency (the newest rate's period ends at 9999-12-31, never
    null, so joins on it need no OR). A money row uses the rate of the latest date on or
    before its own date; the reporting currency itself always converts at 1. -#}
with

fx_rates as (

    select * from {{ ref('stg_billing__fx_rates') }}

),

periods as (

    select
        currency,
        rate_date as valid_from,
        coalesce(
            lead(rate_date) over (partition by currency order by rate_date),
            cast('9999-12-31' as date)
        ) as valid_to,
        rate_to_reporting
    from fx_rates
    where currency <> '{{ var("reporting_currency") }}'

),

reporting_currency as (

    select
        '{{ var("reporting_currency") }}' as currency,
        cast('1900-01-01' as date) as valid_from,
        cast('9999-12-31' as date) as valid_to,
        cast(1 as {{ fx_rate_type() }}) as rate_to_reporting

),

final as (

    select * from periods
    union all
    select * from reporting_currency

)

select * from final
