with

channels as (

    select * from {{ ref('channels') }}

),

final as (

    select
        channel,
        channel_name,
        is_paid
    from channels

)

select * from final
