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
        cast(sum(is_missing_mandatory) as {{ dbt.type_bigint() }}) as missing_mandatory_records,
        cast(sum(is_missing_name) as {{ dbt.type_bigint() }}) as missing_name_records,
        cast(sum(is_missing_email) as {{ dbt.type_bigint() }}) as missing_email_records,
        cast(sum(is_missing_company) as {{ dbt.type_bigint() }}) as missing_company_records,
        cast(sum(is_missing_phone) as {{ dbt.type_bigint() }}) as missing_phone_records,
        cast(sum(is_invalid_email) as {{ dbt.type_bigint() }}) as invalid_email_records,
        cast(sum(is_invalid_phone) as {{ dbt.type_bigint() }}) as invalid_phone_records,
        cast(sum(is_duplicate_email) as {{ dbt.type_bigint() }}) as duplicate_email_records,
        cast(sum(has_critical_error) as {{ dbt.type_bigint() }}) as critical_error_records,
        {{ safe_share('sum(has_critical_error)', 'count(*)') }} as critical_error_share
    from record_health
    group by cast(created_at as date), owner_user_id, entity

)

select * from final
