with

phases as (

    select * from {{ ref('sales_phases') }}

),

final as (

    select
        process,
        phase_number,
        phase_name,
        row_number() over (partition by process order by phase_number) as position_in_process,
        count(*) over (partition by process) as phases_in_process
    from phases

)

select * from final
