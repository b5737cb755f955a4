{#- V-ascension: per ladder step, the customer accounts that reached it, how many climbed
    higher afterwards, and the median days from first reaching the step to first reaching a
    higher one. -#}
with

ladder_steps as (

    select * from {{ ref('int_account_ladder_steps') }}

),

next_climb as (

    select
        reached.account_id,
        reached.ladder_step,
        reached.first_reached_at,
        min(higher.first_reached_at) as climbed_at
    from ladder_steps as reached
    left join ladder_steps as higher
        on reached.account_id = higher.account_id
        and higher.ladder_step > reached.ladder_step
        and higher.first_reached_at >= reached.first_reached_at
    group by reached.account_id, reached.ladder_step, reached.first_reached_at

),

final as (

    select
        ladder_step,
        count(*) as customers_reached,
        cast(sum(case when climbed_at is not null then 1 else 0 end) as {{ dbt.type_bigint() }})
            as customers_climbed,
        {{ safe_share('sum(case when climbed_at is not null then 1 else 0 end)', 'count(*)') }}
            as climb_rate,
        {{ median(days_between('first_reached_at', 'climbed_at')) }} as median_days_to_climb
    from next_climb
    group by ladder_step

)

select * from final
