with

source as (

    select * from {{ source('crm', 'contacts') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['contact_id'], 'updated_at') }}

),

final as (

    select
        contact_id,
        account_id,
        first_name,
        last_name,
        email,
        phone,
        title,
        opted_out_at,
        created_at,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from latest
    where not coalesce(is_deleted, false)

)

select * from final
