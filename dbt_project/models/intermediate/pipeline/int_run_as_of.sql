{#- The run's as-of date: the newest load date published. Every "days since", "current"
    and trailing window in the marts is measured from here, never from the wall clock. -#}
with

loads as (

    select * from {{ ref('stg_janox__loads') }}

),

final as (

    select
        max(load_date) as as_of,
        {{ dbt.dateadd('day', 1, 'cast(max(load_date) as ' ~ dbt.type_timestamp() ~ ')') }} as as_of_end
    from loads

)

select * from final
