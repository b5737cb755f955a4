{#- Every live activity that is a sales contact (seed `sales_contact_types`: calls, meetings,
    e-mails and sms by default; notes are not), with the account of the contact it was with.
    The one home of the "sales contact" rule: speed-to-lead, the RC-scale and the
    early-warning signals all read it. -#}
with

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

sales_contact_types as (

    select * from {{ ref('sales_contact_types') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

final as (

    select
        activities.activity_id,
        activities.activity_type,
        activities.direction,
        activities.user_id,
        activities.lead_id,
        activities.contact_id,
        activities.account_id,
        contacts.account_id as contact_account_id,
        activities.opportunity_id,
        activities.occurred_at,
        activities.duration_minutes,
        activities.is_two_way
    from activities
    inner join sales_contact_types
        on activities.activity_type = sales_contact_types.activity_type
    left join contacts
        on activities.contact_id = contacts.contact_id
    where sales_contact_types.is_sales_contact

)

select * from final
