with

source as (

    select * from {{ source('janox', 'loads') }}

),

final as (

    select
        load_date,
        files,
        warnings
    from source

)

select * from final
