{#- One row per live lead, contact and account with its data-health flags: the mandatory
    fields (name, e-mail, company, phone) that are missing, an invalid e-mail or phone, and
    whether it repeats the e-mail of an earlier record of the same kind. -#}
with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

records as (

    select
        'lead' as entity,
        lead_id as record_id,
        owner_user_id,
        created_at,
        nullif(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), '') as person_name,
        nullif(trim(company), '') as company,
        nullif(trim(email), '') as email,
        nullif(trim(phone), '') as phone,
        true as needs_contact_details
    from leads

    union all

    select
        'contact' as entity,
        contacts.contact_id as record_id,
        accounts.owner_user_id,
        contacts.created_at,
        nullif(trim(coalesce(contacts.first_name, '') || ' ' || coalesce(contacts.last_name, '')), ''),
        nullif(trim(accounts.account_name), ''),
        nullif(trim(contacts.email), ''),
        nullif(trim(contacts.phone), ''),
        true
    from contacts
    left join accounts
        on contacts.account_id = accounts.account_id

    union all

    -- an account is a company: its name is its only mandatory field
    select
        'account' as entity,
        account_id as record_id,
        owner_user_id,
        created_at,
        nullif(trim(account_name), ''),
        nullif(trim(account_name), ''),
        cast(null as {{ dbt.type_string() }}),
        cast(null as {{ dbt.type_string() }}),
        false
    from accounts

),

flagged as (

    select
        entity,
        record_id,
        owner_user_id,
        created_at,
        case when person_name is null then 1 else 0 end as is_missing_name,
        case when company is null then 1 else 0 end as is_missing_company,
        case when needs_contact_details and email is null then 1 else 0 end as is_missing_email,
        case when needs_contact_details and phone is null then 1 else 0 end as is_missing_phone,
        case when email is not null
            and not {{ regex_matches('email', var('valid_email_pattern')) }} then 1 else 0
        end as is_invalid_email,
        case when phone is not null and not {{ regex_matches(
            "replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '.', ''), '(', ''), ')', '')",
            var('valid_phone_pattern')) }} then 1 else 0
        end as is_invalid_phone,
        case when email is not null and row_number() over (
            partition by entity, lower(email) order by created_at, record_id
        ) > 1 then 1 else 0 end as is_duplicate_email
    from records

),

final as (

    select
        *,
        case when is_missing_name + is_missing_company + is_missing_email + is_missing_phone > 0
            then 1 else 0 end as is_missing_mandatory,
        case when is_missing_name + is_missing_company + is_missing_email + is_missing_phone
            + is_invalid_email + is_invalid_phone + is_duplicate_email > 0
            then 1 else 0 end as has_critical_error
    from flagged

)

select * from final
