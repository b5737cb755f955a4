with

load_files as (

    select * from {{ ref('stg_janox__load_files') }}

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
        {{ safe_share('rows_quarantined', 'rows_landed') }} as quarantined_share,
        gate_passed
    from load_files

)

select * from final
