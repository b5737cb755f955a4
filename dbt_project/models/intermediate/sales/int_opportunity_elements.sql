{#- The configured core closing elements lined up in each opportunity (seed closing_elements). -#}
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

closing_elements as (

    select * from {{ ref('stg_crm__closing_elements') }}

),

configured_elements as (

    select * from {{ ref('closing_elements') }}

),

final as (

    select
        opportunities.opportunity_id,
        count(distinct closing_elements.element) as elements_lined_up,
        max(closing_elements.lined_up_at) as last_element_lined_up_at
    from opportunities
    inner join closing_elements
        on opportunities.opportunity_id = closing_elements.opportunity_id
    inner join configured_elements
        on closing_elements.element = configured_elements.element
    group by opportunities.opportunity_id

)

select * from final
