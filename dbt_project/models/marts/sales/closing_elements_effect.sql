with

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

final as (

    select
        process,
        elements_lined_up,
        count(*) as opportunities,
        cast(sum(case when outcome = 'won' then 1 else 0 end) as {{ dbt.type_bigint() }}) as won,
        {{ safe_share("sum(case when outcome = 'won' then 1 else 0 end)", 'count(*)') }} as win_rate
    from opportunities
    where is_finished
    group by process, elements_lined_up

)

select * from final
