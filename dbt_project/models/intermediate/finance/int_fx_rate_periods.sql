{#- Each fx rate with the period it applies to: from its rate_date up to (not including) the
    next rate_date of the same currency. A money row uses the rate of the latest date on or
    before its own date; the reporting currency itself always converts at 1. -#}
with

fx_rates as (

    select * from {{ ref('stg_billing__fx_rates') }}

),

periods as (

    select
        currency,
        rate_date as valid_from,
        lead(rate_date) over (partition by currency order by rate_date) as valid_to,
        cast(rate_to_reporting as {{ type_double() }}) as rate_to_reporting
    from fx_rates
    where currency <> '{{ var("reporting_currency") }}'

),

reporting_currency as (

    select
        '{{ var("reporting_currency") }}' as currency,
        cast('1900-01-01' as date) as valid_from,
        cast(null as date) as valid_to,
        cast(1 as {{ type_double() }}) as rate_to_reporting

),

final as (

    select * from periods
    union all
    select * from reporting_currency

)

select * from final
