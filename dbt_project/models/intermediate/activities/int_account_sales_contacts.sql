{#- Sales contacts with an account: an activity counts for the account it names and for the
    account of the contact it was with (once each when the two differ). Two equi-joined
    halves instead of one join on "account = a or account = b", which no engine can hash. -#}
with

sales_contacts as (

    select * from {{ ref('int_sales_contacts') }}

),

with_named_account as (

    select
        account_id,
        activity_id,
        opportunity_id,
        occurred_at,
        is_two_way
    from sales_contacts
    where account_id is not null

),

with_contacts_account as (

    select
        contact_account_id as account_id,
        activity_id,
        opportunity_id,
        occurred_at,
        is_two_way
    from sales_contacts
    where contact_account_id is not null

),

final as (

    select * from with_named_account
    union
    select * from with_contacts_account

)

select * from final
