with

source as (

    select * from {{ source('crm', 'leads') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['lead_id'], 'updated_at') }}

),

final as (

    select
        lead_id,
        first_name,
        last_name,
        company,
        email,
        phone,
        country,
        channel,
        campaign_id,
        introduction_id,
        owner_user_id,
        lead_type,
        qualified_at,
        mql_at,
        sal_at,
        sql_at,
        rejected_at,
        rejection_reason,
        converted_at,
        converted_account_id,
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
