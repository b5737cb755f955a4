with

source as (

    select * from {{ source('janox', 'quarantine') }}

),

final as (

    select
        load_date,
        source,
        table_name,
        source_file,
        line_number,
        reason,
        column_name,
        all_reasons,
        record
    from source

)

select * from final
