{#- Which missing core element loses the most deals: per process and element, the finished
    opportunities that lined it up and those that did not, and how each group ended. -#}
with

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

closing_elements as (

    select * from {{ ref('stg_crm__closing_elements') }}

),

configured_elements as (

    select * from {{ ref('closing_elements') }}

),

finished as (

    select opportunity_id, process, outcome
    from opportunities
    where is_finished

),

grid as (

    select
        finished.opportunity_id,
        finished.process,
        finished.outcome,
        configured_elements.element,
        configured_elements.element_name,
        case when closing_elements.opportunity_id is null then 0 else 1 end as is_lined_up
    from finished
    cross join configured_elements
    left join closing_elements
        on finished.opportunity_id = closing_elements.opportunity_id
        and configured_elements.element = closing_elements.element

),

final as (

    select
        process,
        element,
        element_name,
        cast(sum(is_lined_up) as {{ dbt.type_bigint() }}) as opportunities_with,
        cast(sum(case when is_lined_up = 1 and outcome = 'won' then 1 else 0 end) as {{ dbt.type_bigint() }})
            as won_with,
        cast(sum(1 - is_lined_up) as {{ dbt.type_bigint() }}) as opportunities_without,
        cast(sum(case when is_lined_up = 0 and outcome = 'won' then 1 else 0 end) as {{ dbt.type_bigint() }})
            as won_without,
        cast(sum(case when is_lined_up = 0 and outcome = 'lost' then 1 else 0 end) as {{ dbt.type_bigint() }})
            as lost_without,
        {{ safe_share("sum(case when is_lined_up = 1 and outcome = 'won' then 1 else 0 end)",
            'sum(is_lined_up)') }} as win_rate_with,
        {{ safe_share("sum(case when is_lined_up = 0 and outcome = 'won' then 1 else 0 end)",
            'sum(1 - is_lined_up)') }} as win_rate_without
    from grid
    group by process, element, element_name

)

select * from final
