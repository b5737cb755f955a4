with

source as (

    select * from {{ source('janox', 'load_files') }}

),

final as (

    select
        load_date,
        source,
        table_name,
        source_file,
        rows_landed,
        rows_loaded,
        rows_quarantined,
        gate_passed,
        warnings
    from source

)

select * from final
