with

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

lead_types as (

    select * from {{ ref('lead_types') }}

),

unqualified_types as (

    -- Type 3 and 4: the types whose seller time is waste
    select lead_type from lead_types where not is_qualified

),

classified as (

    -- a waste activity counts under its opportunity's own lead_type when that is one of
    -- the unqualified types, otherwise under its lead's current type
    select
        activities.user_id,
        {{ month_of('activities.occurred_at') }} as month,
        coalesce(activities.duration_minutes, 0) as minutes,
        case
            when opportunities.lead_type in (select lead_type from unqualified_types)
                then opportunities.lead_type
            when leads.lead_type in (select lead_type from unqualified_types)
                then leads.lead_type
        end as waste_lead_type
    from activities
    left join leads
        on activities.lead_id = leads.lead_id
    left join opportunities
        on activities.opportunity_id = opportunities.opportunity_id

),

flagged as (

    select
        *,
        case when waste_lead_type is not null then 1 else 0 end as is_waste
    from classified

),

final as (

    -- type3_minutes and type4_minutes are the contract's fixed names for the two
    -- unqualified types of the default `lead_types` seed. Minutes are summed exactly (as
    -- the landed decimals) and published as doubles, a measure rather than money.
    select
        month,
        user_id,
        cast(sum(minutes) as {{ type_double() }}) as activity_minutes,
        cast(sum(minutes * is_waste) as {{ type_double() }}) as waste_minutes,
        {{ safe_share('sum(minutes * is_waste)', 'sum(minutes)') }} as waste_share,
        count(*) as activities,
        cast(sum(is_waste) as {{ dbt.type_bigint() }}) as waste_activities,
        cast(sum(case when waste_lead_type = 3 then minutes else 0 end) as {{ type_double() }})
            as type3_minutes,
        cast(sum(case when waste_lead_type = 4 then minutes else 0 end) as {{ type_double() }})
            as type4_minutes
    from flagged
    group by month, user_id

)

select * from final
