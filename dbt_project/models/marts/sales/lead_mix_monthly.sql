{#- The lead mix per month (of qualified_at), channel and owner. Which lead types exist and
    which of them are qualified is the `lead_types` seed's to say (one home for the rule);
    the columns type1_leads..type4_leads are the contract's fixed names for the four types. -#}
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

lead_types as (

    select * from {{ ref('lead_types') }}

),

typed_leads as (

    -- leads qualified in the month whose current type is one of the seed's lead types
    select
        {{ month_of('leads.qualified_at') }} as month,
        leads.channel,
        leads.owner_user_id,
        leads.lead_type,
        lead_types.is_qualified
    from leads
    inner join lead_types
        on leads.lead_type = lead_types.lead_type
    where leads.qualified_at is not null

),

final as (

    select
        month,
        channel,
        owner_user_id,
        cast(sum(case when lead_type = 1 then 1 else 0 end) as {{ dbt.type_bigint() }}) as type1_leads,
        cast(sum(case when lead_type = 2 then 1 else 0 end) as {{ dbt.type_bigint() }}) as type2_leads,
        cast(sum(case when lead_type = 3 then 1 else 0 end) as {{ dbt.type_bigint() }}) as type3_leads,
        cast(sum(case when lead_type = 4 then 1 else 0 end) as {{ dbt.type_bigint() }}) as type4_leads,
        count(*) as typed_leads,
        cast(sum(case when is_qualified then 1 else 0 end) as {{ dbt.type_bigint() }}) as qualified_leads,
        {{ safe_share('sum(case when is_qualified then 1 else 0 end)', 'count(*)') }}
            as qualified_share,
        {{ safe_share('sum(case when lead_type = 2 then 1 else 0 end)', 'count(*)') }}
            as type2_share
    from typed_leads
    group by month, channel, owner_user_id

)

select * from final
