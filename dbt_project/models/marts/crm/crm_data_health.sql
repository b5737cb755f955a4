with

record_health as (

    select * from {{ ref('int_crm_record_health') }}

),

final as (

    select
        cast(created_at as date) as day,
        owner_user_id,
        entity,
        count(*) as records,
        sum(is_missing_mandatory) as missing_mandatory_records,
        sum(is_missing_name) as missing_name_records,
        sum(is_missing_email) as missing_email_records,
        sum(is_missing_company) as missing_company_records,
        sum(is_missing_phone) as missing_phone_records,
        sum(is_invalid_email) as invalid_email_records,
        sum(is_invalid_phone) as invalid_phone_records,
        sum(is_duplicate_email) as duplicate_email_records,
        sum(has_critical_error) as critical_error_records,
        {{ safe_share('sum(has_critical_error)', 'count(*)') }} as critical_error_share
    from record_health
    group by cast(created_at as date), owner_user_id, entity

)

select * from final
