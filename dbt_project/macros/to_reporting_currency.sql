{#- Money is exact: amounts in their own currency are money_type() (DECIMAL(18, 4): every
    ISO 4217 minor unit fits), fx rates fx_rate_type() (DECIMAL(19, 10): one digit wider, so
    amount x rate is an exact DECIMAL(37/38, 14) on DuckDB, PostgreSQL and Spark alike, where
    two 18-digit operands overflow DuckDB's 64-bit decimals), and an amount converted to the
    reporting currency is rounded to the cent once, at its own row, as reporting_money_type().
    Sums of converted amounts are exact sums of those cents, so a mart's total equals the sum
    of its rows on every engine. -#}
{% macro money_type() %}decimal(18, 4){% endmacro %}

{% macro fx_rate_type() %}decimal(19, 10){% endmacro %}

{% macro reporting_money_type() %}decimal(18, 2){% endmacro %}

{#- Join clause that attaches the fx rate valid at `date_expr` for `currency_expr`
    (int_fx_rate_periods aliased as `fx_alias`). An equi-join on the currency with a range
    on the date (valid_to is never null), so every engine can hash it. Use with a left join
    so a missing rate shows as null. -#}
{% macro fx_rate_join(fx_alias, currency_expr, date_expr) %}
    {{ fx_alias }}.currency = {{ currency_expr }}
    and {{ fx_alias }}.valid_from <= cast({{ date_expr }} as date)
    and cast({{ date_expr }} as date) < {{ fx_alias }}.valid_to
{% endmacro %}

{#- An amount in the reporting currency, given the joined fx alias: rounded to the cent. -#}
{% macro to_reporting_currency(amount_expr, fx_alias) %}
    cast(round({{ amount_expr }} * {{ fx_alias }}.rate_to_reporting, 2) as {{ reporting_money_type() }})
{% endmacro %}
