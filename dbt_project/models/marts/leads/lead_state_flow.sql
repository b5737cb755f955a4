with

stays as (

    select * from {{ ref('int_lead_state_stays') }}

),

final as (

    select
        status,
        entered_month as month,
        count(*) as entered,
        cast(sum(case when stay_outcome = 'moved_forward' then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as moved_forward,
        cast(sum(case when stay_outcome = 'dropped' then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as dropped,
        cast(sum(case when stay_outcome = 'went_back' then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as went_back,
        cast(sum(case when stay_outcome = 'stayed' then 1 else 0 end)
            as {{ dbt.type_bigint() }}) as still_there,
        {{ safe_share("sum(case when stay_outcome = 'moved_forward' then 1 else 0 end)",
            'count(*)') }} as step_rate,
        {{ median('days_in_state') }} as median_days_in_state,
        {{ percentile('days_in_state', 0.75) }} as p75_days_in_state
    from stays
    group by status, entered_month

)

select * from final
