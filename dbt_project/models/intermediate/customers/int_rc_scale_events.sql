{#- The RC-scale timeline: per customer account, every event a score counts (introductions
    the account gave, won upsells, invoices falling due, sales contacts) and every moment a
    score is taken (each sales contact; the end of the as-of day for the current score),
    with an integer time key for the trailing-window sums in int_rc_scale_scores. -#}
with

customer_accounts as (

    select * from {{ ref('int_customer_accounts') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

account_sales_contacts as (

    select * from {{ ref('int_account_sales_contacts') }}

),

introductions as (

    select * from {{ ref('int_introductions') }}

),

opportunities as (

    select * from {{ ref('int_opportunities') }}

),

invoice_payments as (

    select * from {{ ref('int_invoice_payments') }}

),

as_of as (

    select * from {{ ref('int_run_as_of') }}

),

sales_contacts as (

    -- sales contacts with the account, or with one of its contacts
    select
        customer_accounts.account_id,
        account_sales_contacts.activity_id,
        account_sales_contacts.occurred_at,
        case when account_sales_contacts.is_two_way then 1 else 0 end as is_two_way
    from account_sales_contacts
    inner join customer_accounts
        on account_sales_contacts.account_id = customer_accounts.account_id

),

introductions_given as (

    -- the account gave it when from_account_id is the account or from_contact_id is one
    -- of its contacts (an introduction naming both an account and another account's
    -- contact counts for both, once each); one only against a lead never counts
    select distinct
        giver.account_id,
        giver.introduction_id,
        giver.obtained_at,
        giver.weighted_value
    from (
        select
            from_account_id as account_id, introduction_id, obtained_at, weighted_value
        from introductions
        where from_account_id is not null
        union all
        select
            contacts.account_id, introductions.introduction_id, introductions.obtained_at,
            introductions.weighted_value
        from introductions
        inner join contacts
            on introductions.from_contact_id = contacts.contact_id
    ) as giver

),

events as (

    select
        account_id,
        occurred_at as event_at,
        'sales_contact' as event_type,
        activity_id,
        cast(0 as {{ type_double() }}) as introduction_value,
        0 as won_upsells,
        0 as invoices_due,
        0 as invoices_paid_on_time,
        1 as sales_contacts,
        is_two_way as two_way_sales_contacts
    from sales_contacts

    union all

    select
        introductions_given.account_id,
        introductions_given.obtained_at,
        'introduction',
        cast(null as {{ dbt.type_string() }}),
        introductions_given.weighted_value,
        0, 0, 0, 0, 0
    from introductions_given
    inner join customer_accounts
        on introductions_given.account_id = customer_accounts.account_id

    union all

    select
        opportunities.account_id,
        opportunities.closed_at,
        'won_upsell',
        cast(null as {{ dbt.type_string() }}),
        0, 1, 0, 0, 0, 0
    from opportunities
    inner join customer_accounts
        on opportunities.account_id = customer_accounts.account_id
    where opportunities.process = 'upsell'
        and opportunities.outcome = 'won'

    union all

    -- an invoice falls due at 00:00 UTC of its due_on
    select
        invoice_payments.account_id,
        cast(invoice_payments.due_on as {{ dbt.type_timestamp() }}),
        'invoice_due',
        cast(null as {{ dbt.type_string() }}),
        0, 0, 1, invoice_payments.is_paid_on_time, 0, 0
    from invoice_payments
    inner join customer_accounts
        on invoice_payments.account_id = customer_accounts.account_id
    where invoice_payments.is_due_kind

    union all

    -- the current score: at the end of the as-of day
    select
        customer_accounts.account_id,
        as_of.as_of_end,
        'current',
        cast(null as {{ dbt.type_string() }}),
        0, 0, 0, 0, 0, 0
    from customer_accounts
    cross join as_of

),

final as (

    select
        *,
        {{ epoch_microseconds('event_at') }} as event_us
    from events

)

select * from final
