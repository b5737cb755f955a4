{#- The newest version of every key in a raw table, as the landing contract defines it:
    latest `version_column` as an instant, ties broken by the later load, then the later line.
    Event tables (no version column) keep the row of the latest load. -#}
{% macro latest_version(relation, key_columns, version_column=none) %}
    select *
    from (
        select
            *,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by
                    {% if version_column %}{{ version_column }} desc nulls last,{% endif %}
                    _load_date desc,
                    _line_number desc
            ) as _version_rank
        from {{ relation }}
    ) as ranked
    where _version_rank = 1
{% endmacro %}
