{#- When introductions are obtained relative to the sale they follow: the introductions of
    every finished (won or lost) opportunity, bucketed by the days from its close to their
    obtained_at with the `introduction_timing_buckets` seed. -#}
with

introductions as (

    select * from {{ ref('int_introductions') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

timing_buckets as (

    select * from {{ ref('introduction_timing_buckets') }}

),

timed as (

    select
        introductions.introduction_id,
        opportunities.process,
        opportunities.outcome as sale_outcome,
        {{ days_between('opportunities.closed_at', 'introductions.obtained_at') }}
            as days_after_close,
        introductions.weighted_value,
        introductions.leads_created,
        introductions.leads_won,
        introductions.won_revenue_eur
    from introductions
    inner join opportunities
        on introductions.opportunity_id = opportunities.opportunity_id
    where opportunities.outcome in ('won', 'lost')

),

bucketed as (

    select
        timed.*,
        timing_buckets.timing,
        timing_buckets.position as timing_position
    from timed
    left join timing_buckets
        on (timing_buckets.from_days is null or timed.days_after_close >= timing_buckets.from_days)
        and (timing_buckets.to_days is null or timed.days_after_close < timing_buckets.to_days)

),

final as (

    select
        process,
        sale_outcome,
        timing,
        cast(timing_position as bigint) as timing_position,
        cast(count(*) as bigint) as introductions,
        cast(sum(weighted_value) as {{ type_double() }}) as weighted_value,
        cast(sum(leads_created) as bigint) as leads_created,
        cast(sum(leads_won) as bigint) as leads_won,
        cast(sum(won_revenue_eur) as {{ reporting_money_type() }}) as won_revenue_eur,
        cast({{ median('days_after_close') }} as {{ type_double() }}) as median_days_after_close
    from bucketed
    group by process, sale_outcome, timing, timing_position

)

select * from final
