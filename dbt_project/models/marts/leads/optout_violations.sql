{#- Compliance: every activity with a person after that person opted out (an opted-out
    person is out of every automation). Carries ids only; look the person up in the CRM. -#}
with

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

violations as (

    select
        activities.activity_id,
        'lead' as person_type,
        leads.lead_id as person_id,
        activities.user_id,
        activities.activity_type,
        activities.direction,
        activities.occurred_at,
        leads.opted_out_at
    from activities
    inner join leads
        on activities.lead_id = leads.lead_id
    where leads.opted_out_at is not null
        and activities.occurred_at > leads.opted_out_at

    union all

    select
        activities.activity_id,
        'contact' as person_type,
        contacts.contact_id as person_id,
        activities.user_id,
        activities.activity_type,
        activities.direction,
        activities.occurred_at,
        contacts.opted_out_at
    from activities
    inner join contacts
        on activities.contact_id = contacts.contact_id
    where contacts.opted_out_at is not null
        and activities.occurred_at > contacts.opted_out_at

),

final as (

    select
        activity_id,
        person_type,
        person_id,
        user_id,
        activity_type,
        direction,
        occurred_at,
        opted_out_at,
        {{ days_between('opted_out_at', 'occurred_at') }} as days_after_optout
    from violations

)

select * from final
