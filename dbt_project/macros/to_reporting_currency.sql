{#- Join clause that attaches the fx rate valid at `date_expr` for `currency_expr`
    (int_fx_rate_periods aliased as `fx_alias`); multiply the amount by
    `<fx_alias>.rate_to_reporting`. Use with a left join so a missing rate shows as null. -#}
{% macro fx_rate_join(fx_alias, currency_expr, date_expr) %}
    {{ fx_alias }}.currency = {{ currency_expr }}
    and {{ fx_alias }}.valid_from <= cast({{ date_expr }} as date)
    and ({{ fx_alias }}.valid_to is null or cast({{ date_expr }} as date) < {{ fx_alias }}.valid_to)
{% endmacro %}

{#- An amount in the reporting currency, given the joined fx alias. -#}
{% macro to_reporting_currency(amount_expr, fx_alias) %}
    cast({{ amount_expr }} as {{ type_double() }}) * {{ fx_alias }}.rate_to_reporting
{% endmacro %}
