with

source as (

    select * from {{ source('crm', 'introductions') }}

),

latest as (

    -- the newest version of every key
    {{ latest_version('source', ['introduction_id'], 'updated_at') }}

),

final as (

    select
        introduction_id,
        obtained_by_user_id,
        from_account_id,
        from_contact_id,
        from_lead_id,
        opportunity_id,
        kind,
        quality_class,
        relevance_level,
        introduced_name,
        introduced_company,
        introduced_email,
        introduced_phone,
        obtained_at,
        updated_at,
        _load_date,
        _source_file,
        _line_number
    from latest

)

select * from final
