{#- The early-warning signals per active customer account and month, each measured at the
    month's end (observed_at) from events at or before it: nothing here reads data after its
    month. Trends compare the last 3 months with the 3 before; values the last 12 months
    with the 12 before. -#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

invoice_payments as (

    select * from {{ ref('int_invoice_payments') }}

),

invoice_versions as (

    select * from {{ ref('stg_billing__invoice_versions') }}

),

support_cases as (

    select * from {{ ref('stg_crm__support_cases') }}

),

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

sales_contact_types as (

    select * from {{ ref('sales_contact_types') }}

),

windows as (

    select
        account_id,
        month,
        observed_at,
        observed_on,
        {{ dbt.dateadd('month', -3, 'observed_at') }} as minus_3m,
        {{ dbt.dateadd('month', -6, 'observed_at') }} as minus_6m,
        {{ dbt.dateadd('month', -12, 'observed_at') }} as minus_12m,
        {{ dbt.dateadd('month', -24, 'observed_at') }} as minus_24m
    from account_months

),

invoices_known as (

    -- invoices and credit notes issued by then (void ones are not revenue)
    select
        invoice_id,
        account_id,
        invoice_type,
        status,
        cast(issued_on as {{ dbt.type_timestamp() }}) as issued_at,
        issued_on,
        due_on,
        amount_eur,
        paid_in_full_at
    from invoice_payments
    where account_id is not null

),

value_features as (

    select
        windows.account_id,
        windows.month,
        sum(case when invoices_known.issued_at >= windows.minus_12m and invoices_known.status <> 'void'
            then invoices_known.amount_eur else 0 end) as invoiced_12m_eur,
        sum(case when invoices_known.issued_at < windows.minus_12m
            and invoices_known.issued_at >= windows.minus_24m and invoices_known.status <> 'void'
            then invoices_known.amount_eur else 0 end) as invoiced_prev_12m_eur,
        sum(case when invoices_known.invoice_type = 'credit_note'
            and invoices_known.issued_at >= windows.minus_12m then 1 else 0 end) as credit_notes_12m,
        max(case when invoices_known.invoice_type = 'invoice' and invoices_known.status <> 'void'
            then invoices_known.issued_at end) as last_invoice_at
    from windows
    left join invoices_known
        on windows.account_id = invoices_known.account_id
        and invoices_known.issued_at < windows.observed_at
    group by windows.account_id, windows.month

),

invoice_gaps as (

    select
        account_id,
        issued_at,
        {{ days_between('lag(issued_at) over (partition by account_id order by issued_at, invoice_id)',
            'issued_at') }} as gap_days
    from invoices_known
    where invoice_type = 'invoice' and status <> 'void'

),

rhythm_features as (

    select
        windows.account_id,
        windows.month,
        {{ median('invoice_gaps.gap_days') }} as median_invoice_gap_days
    from windows
    inner join invoice_gaps
        on windows.account_id = invoice_gaps.account_id
        and invoice_gaps.issued_at < windows.observed_at
        and invoice_gaps.gap_days is not null
    group by windows.account_id, windows.month

),

payment_features as (

    -- invoices that fell due in the last 12 months: late when paid in full after due_on,
    -- or still not paid in full at observed_at once past due_on
    select
        windows.account_id,
        windows.month,
        sum(case
            when invoices_known.paid_in_full_at < windows.observed_at
                then case when cast(invoices_known.paid_in_full_at as date) > invoices_known.due_on
                    then 1 else 0 end
            when invoices_known.due_on < windows.observed_on then 1
            else 0
        end) as late_payments_12m,
        avg(case
            when invoices_known.paid_in_full_at < windows.observed_at
                and cast(invoices_known.paid_in_full_at as date) > invoices_known.due_on
                then {{ days_between('cast(invoices_known.due_on as ' ~ dbt.type_timestamp() ~ ')',
                    'invoices_known.paid_in_full_at') }}
            when (invoices_known.paid_in_full_at is null
                    or invoices_known.paid_in_full_at >= windows.observed_at)
                and invoices_known.due_on < windows.observed_on
                then {{ days_between('cast(invoices_known.due_on as ' ~ dbt.type_timestamp() ~ ')',
                    'windows.observed_at') }}
        end) as avg_days_late_12m,
        count(*) as invoices_due_12m
    from windows
    inner join invoices_known
        on windows.account_id = invoices_known.account_id
        and invoices_known.invoice_type = 'invoice'
        and invoices_known.status <> 'void'
        and cast(invoices_known.due_on as {{ dbt.type_timestamp() }}) < windows.observed_at
        and cast(invoices_known.due_on as {{ dbt.type_timestamp() }}) >= windows.minus_12m
    group by windows.account_id, windows.month

),

dispute_features as (

    -- invoices of the last 12 months that had been marked disputed by observed_at
    select
        windows.account_id,
        windows.month,
        count(distinct invoices_known.invoice_id) as disputed_invoices_12m
    from windows
    inner join invoices_known
        on windows.account_id = invoices_known.account_id
        and invoices_known.issued_at < windows.observed_at
        and invoices_known.issued_at >= windows.minus_12m
    inner join invoice_versions
        on invoices_known.invoice_id = invoice_versions.invoice_id
        and invoice_versions.status = 'disputed'
        and invoice_versions.updated_at < windows.observed_at
    group by windows.account_id, windows.month

),

support_features as (

    select
        windows.account_id,
        windows.month,
        sum(case when support_cases.opened_at >= windows.minus_3m then 1 else 0 end)
            as support_cases_3m,
        sum(case when support_cases.opened_at < windows.minus_3m then 1 else 0 end)
            as support_cases_prev_3m
    from windows
    inner join support_cases
        on windows.account_id = support_cases.account_id
        and support_cases.opened_at < windows.observed_at
        and support_cases.opened_at >= windows.minus_6m
    group by windows.account_id, windows.month

),

account_sales_contacts as (

    select
        coalesce(activities.account_id, contacts.account_id) as account_id,
        activities.occurred_at,
        activities.is_two_way
    from activities
    inner join sales_contact_types
        on activities.activity_type = sales_contact_types.activity_type
        and sales_contact_types.is_sales_contact
    left join contacts
        on activities.contact_id = contacts.contact_id
    where coalesce(activities.account_id, contacts.account_id) is not null

),

activity_features as (

    select
        windows.account_id,
        windows.month,
        sum(case when account_sales_contacts.occurred_at >= windows.minus_3m then 1 else 0 end)
            as sales_contacts_3m,
        sum(case when account_sales_contacts.occurred_at < windows.minus_3m
            and account_sales_contacts.occurred_at >= windows.minus_6m then 1 else 0 end)
            as sales_contacts_prev_3m,
        sum(case when account_sales_contacts.occurred_at >= windows.minus_3m
            and account_sales_contacts.is_two_way then 1 else 0 end) as two_way_contacts_3m,
        sum(case when account_sales_contacts.occurred_at < windows.minus_3m
            and account_sales_contacts.occurred_at >= windows.minus_6m
            and account_sales_contacts.is_two_way then 1 else 0 end) as two_way_contacts_prev_3m,
        max(case when account_sales_contacts.is_two_way then account_sales_contacts.occurred_at end)
            as last_two_way_contact_at
    from windows
    inner join account_sales_contacts
        on windows.account_id = account_sales_contacts.account_id
        and account_sales_contacts.occurred_at < windows.observed_at
    group by windows.account_id, windows.month

),

contact_features as (

    select
        windows.account_id,
        windows.month,
        count(*) as new_contacts_3m
    from windows
    inner join contacts
        on windows.account_id = contacts.account_id
        and contacts.created_at < windows.observed_at
        and contacts.created_at >= windows.minus_3m
    group by windows.account_id, windows.month

),

opportunity_features as (

    select
        windows.account_id,
        windows.month,
        sum(case when opportunities.outcome = 'lost' and opportunities.closed_at < windows.observed_at
            and opportunities.closed_at >= windows.minus_6m then 1 else 0 end) as lost_opportunities_6m,
        -- quotes that never became orders: open at observed_at and older than 90 days
        sum(case when (opportunities.closed_at is null or opportunities.closed_at >= windows.observed_at)
            and opportunities.created_at < {{ dbt.dateadd('day', -90, 'windows.observed_at') }}
            then 1 else 0 end) as stale_open_opportunities
    from windows
    inner join opportunities
        on windows.account_id = opportunities.account_id
        and opportunities.created_at < windows.observed_at
    group by windows.account_id, windows.month

),

final as (

    select
        windows.account_id,
        windows.month,
        windows.observed_at,
        coalesce(value_features.invoiced_12m_eur, 0) as invoiced_12m_eur,
        coalesce(value_features.invoiced_prev_12m_eur, 0) as invoiced_prev_12m_eur,
        (coalesce(value_features.invoiced_12m_eur, 0) - value_features.invoiced_prev_12m_eur)
            / nullif(value_features.invoiced_prev_12m_eur, 0) as invoiced_change_ratio,
        {{ days_between('value_features.last_invoice_at', 'windows.observed_at') }}
            as days_since_last_invoice,
        rhythm_features.median_invoice_gap_days,
        {{ days_between('value_features.last_invoice_at', 'windows.observed_at') }}
            / nullif(rhythm_features.median_invoice_gap_days, 0) as invoice_rhythm_ratio,
        coalesce(payment_features.invoices_due_12m, 0) as invoices_due_12m,
        coalesce(payment_features.late_payments_12m, 0) as late_payments_12m,
        coalesce(payment_features.avg_days_late_12m, 0) as avg_days_late_12m,
        coalesce(value_features.credit_notes_12m, 0) as credit_notes_12m,
        coalesce(dispute_features.disputed_invoices_12m, 0) as disputed_invoices_12m,
        coalesce(support_features.support_cases_3m, 0) as support_cases_3m,
        coalesce(support_features.support_cases_prev_3m, 0) as support_cases_prev_3m,
        coalesce(support_features.support_cases_3m, 0)
            - coalesce(support_features.support_cases_prev_3m, 0) as support_cases_trend,
        coalesce(activity_features.sales_contacts_3m, 0) as sales_contacts_3m,
        coalesce(activity_features.sales_contacts_prev_3m, 0) as sales_contacts_prev_3m,
        coalesce(activity_features.sales_contacts_3m, 0)
            - coalesce(activity_features.sales_contacts_prev_3m, 0) as sales_contacts_trend,
        coalesce(activity_features.two_way_contacts_3m, 0) as two_way_contacts_3m,
        coalesce(activity_features.two_way_contacts_prev_3m, 0) as two_way_contacts_prev_3m,
        coalesce(activity_features.two_way_contacts_3m, 0)
            - coalesce(activity_features.two_way_contacts_prev_3m, 0) as two_way_contacts_trend,
        {{ days_between('activity_features.last_two_way_contact_at', 'windows.observed_at') }}
            as days_since_two_way_contact,
        case when activity_features.last_two_way_contact_at is null
            or {{ days_between('activity_features.last_two_way_contact_at', 'windows.observed_at') }}
                > {{ var('two_way_contact_warning_days') }}
            then 1 else 0 end as no_recent_two_way_contact,
        coalesce(contact_features.new_contacts_3m, 0) as new_contacts_3m,
        coalesce(opportunity_features.lost_opportunities_6m, 0) as lost_opportunities_6m,
        coalesce(opportunity_features.stale_open_opportunities, 0) as stale_open_opportunities
    from windows
    left join value_features
        on windows.account_id = value_features.account_id and windows.month = value_features.month
    left join rhythm_features
        on windows.account_id = rhythm_features.account_id and windows.month = rhythm_features.month
    left join payment_features
        on windows.account_id = payment_features.account_id and windows.month = payment_features.month
    left join dispute_features
        on windows.account_id = dispute_features.account_id and windows.month = dispute_features.month
    left join support_features
        on windows.account_id = support_features.account_id and windows.month = support_features.month
    left join activity_features
        on windows.account_id = activity_features.account_id and windows.month = activity_features.month
    left join contact_features
        on windows.account_id = contact_features.account_id and windows.month = contact_features.month
    left join opportunity_features
        on windows.account_id = opportunity_features.account_id
        and windows.month = opportunity_features.month

)

select * from final
