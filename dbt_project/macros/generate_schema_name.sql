{#- Schemas are the layers themselves (raw, staging, intermediate, marts, config), not
    "<target schema>_<layer>": BI tools and the mart contract rely on the plain `marts`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema | trim }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
