{#- The early-warning signals per active customer account and month, each measured at the
    month's end (observed_at) from events at or before it: nothing here reads data after its
    month, and an invoice counts as void only once a void version of it was recorded before
    then. Trends compare the last 3 months with the 3 before; values the last 12 months with
    the 12 before; "usual" rates are the account's own average per 3 months over the
    var('risk_usual_months') (12) months before the last 3. The windows of 3, 6, 12 and 24
    months are the ones the columns are named by (`_3m`, `_12m`, ...). -#}
{#- how many 3-month periods the "usual" window holds: its sums divide by this -#}
{%- set usual_periods = var('risk_usual_months') / 3 %}
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

invoice_status_spans as (

    select * from {{ ref('int_invoice_status_spans') }}

),

support_cases as (

    select * from {{ ref('stg_crm__support_cases') }}

),

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

opportunities as (

    select * from {{ ref('int_opportunities') }}

),

sales_contacts as (

    select * from {{ ref('int_account_sales_contacts') }}

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
        {{ dbt.dateadd('month', -24, 'observed_at') }} as minus_24m,
        -- the "usual" window: [usual_from, minus_3m), var('risk_usual_months') months long
        {{ dbt.dateadd('month', -(3 + var('risk_usual_months')), 'observed_at') }} as usual_from,
        -- quotes created before this and still open are stale
        {{ dbt.dateadd('day', -var('stale_opportunity_days'), 'observed_at') }} as stale_before
    from account_months

),

invoices_known as (

    select
        invoice_id,
        account_id,
        invoice_type,
        cast(issued_on as {{ dbt.type_timestamp() }}) as issued_at,
        due_on,
        amount_eur,
        paid_in_full_at
    from invoice_payments
    where account_id is not null

),

window_invoices as (

    -- the invoices and credit notes issued before each observed_at that were not void then
    -- (void by the status of their newest version recorded before observed_at): void ones
    -- are not revenue and never fall due
    select
        windows.account_id,
        windows.month,
        windows.observed_at,
        windows.observed_on,
        windows.minus_3m,
        windows.minus_12m,
        windows.minus_24m,
        windows.usual_from,
        invoices_known.invoice_id,
        invoices_known.invoice_type,
        invoices_known.issued_at,
        invoices_known.due_on,
        invoices_known.amount_eur,
        invoices_known.paid_in_full_at
    from windows
    inner join invoices_known
        on windows.account_id = invoices_known.account_id
        and invoices_known.issued_at < windows.observed_at
    left join invoice_status_spans
        on invoices_known.invoice_id = invoice_status_spans.invoice_id
        and invoice_status_spans.valid_from < windows.observed_at
        and (invoice_status_spans.valid_to is null
            or invoice_status_spans.valid_to >= windows.observed_at)
    where invoice_status_spans.status is null or invoice_status_spans.status <> 'void'

),

value_features as (

    select
        account_id,
        month,
        sum(case when issued_at >= minus_12m then amount_eur else 0 end) as invoiced_12m_eur,
        sum(case when issued_at < minus_12m and issued_at >= minus_24m then amount_eur else 0 end)
            as invoiced_prev_12m_eur,
        sum(case when issued_at >= minus_3m then amount_eur else 0 end) as invoiced_3m_eur,
        sum(case when issued_at < minus_3m and issued_at >= usual_from then amount_eur else 0 end)
            / {{ usual_periods }} as invoiced_usual_3m_eur,
        sum(case when invoice_type = 'credit_note' and issued_at >= minus_12m then 1 else 0 end)
            as credit_notes_12m,
        max(case when invoice_type = 'invoice' then issued_at end) as last_invoice_at
    from window_invoices
    group by account_id, month

),

invoice_gaps as (

    -- the days between each invoice and the one before, among those not void at observed_at
    select
        account_id,
        month,
        {{ days_between('lag(issued_at) over (partition by account_id, month order by issued_at, invoice_id)',
            'issued_at') }} as gap_days
    from window_invoices
    where invoice_type = 'invoice'

),

ranked_gaps as (

    -- the median by rank, not as an aggregate: an account month has few gaps, and a
    -- per-group median over millions of small groups costs many times this sort
    select
        account_id,
        month,
        gap_days,
        row_number() over (partition by account_id, month order by gap_days) as gap_rank,
        count(*) over (partition by account_id, month) as gaps
    from invoice_gaps
    where gap_days is not null

),

rhythm_features as (

    -- the middle gap, or the mean of the two middle ones (as percentile_cont(0.5))
    select
        account_id,
        month,
        avg(gap_days) as median_invoice_gap_days
    from ranked_gaps
    where gap_rank * 2 in (gaps, gaps + 1, gaps + 2)
    group by account_id, month

),

payment_features as (

    -- invoices that fell due in the last 12 months: late when paid in full after due_on,
    -- or still not paid in full at observed_at once past due_on
    select
        account_id,
        month,
        sum(case
            when paid_in_full_at < observed_at
                then case when cast(paid_in_full_at as date) > due_on then 1 else 0 end
            when due_on < observed_on then 1
            else 0
        end) as late_payments_12m,
        sum(case
            when cast(due_on as {{ dbt.type_timestamp() }}) < minus_3m then 0
            when paid_in_full_at < observed_at
                then case when cast(paid_in_full_at as date) > due_on then 1 else 0 end
            when due_on < observed_on then 1
            else 0
        end) as late_payments_3m,
        avg(case
            when paid_in_full_at < observed_at and cast(paid_in_full_at as date) > due_on
                then {{ days_between('cast(due_on as ' ~ dbt.type_timestamp() ~ ')', 'paid_in_full_at') }}
            when (paid_in_full_at is null or paid_in_full_at >= observed_at)
                and due_on < observed_on
                then {{ days_between('cast(due_on as ' ~ dbt.type_timestamp() ~ ')', 'observed_at') }}
        end) as avg_days_late_12m,
        count(*) as invoices_due_12m
    from window_invoices
    where invoice_type = 'invoice'
        and cast(due_on as {{ dbt.type_timestamp() }}) < observed_at
        and cast(due_on as {{ dbt.type_timestamp() }}) >= minus_12m
    group by account_id, month

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
        sum(case when support_cases.opened_at < windows.minus_3m
            and support_cases.opened_at >= windows.minus_6m then 1 else 0 end)
            as support_cases_prev_3m,
        cast(sum(case when support_cases.opened_at < windows.minus_3m
            and support_cases.opened_at >= windows.usual_from then 1 else 0 end)
            as {{ type_double() }}) / {{ usual_periods }} as support_cases_usual_3m
    from windows
    inner join support_cases
        on windows.account_id = support_cases.account_id
        and support_cases.opened_at < windows.observed_at
        and support_cases.opened_at >= least(windows.minus_6m, windows.usual_from)
    group by windows.account_id, windows.month

),

account_sales_contacts as (

    -- sales contacts with the account or one of its contacts; account management when the
    -- contact is not part of an opportunity
    select
        account_id,
        occurred_at,
        is_two_way,
        opportunity_id is null as is_account_management
    from sales_contacts

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
            as last_two_way_contact_at,
        sum(case when account_sales_contacts.is_account_management
            and account_sales_contacts.occurred_at >= windows.minus_3m then 1 else 0 end)
            as account_contacts_3m,
        cast(sum(case when account_sales_contacts.is_account_management
            and account_sales_contacts.occurred_at < windows.minus_3m
            and account_sales_contacts.occurred_at >= windows.usual_from then 1 else 0 end)
            as {{ type_double() }}) / {{ usual_periods }} as account_contacts_usual_3m,
        max(case when account_sales_contacts.is_account_management
            then account_sales_contacts.occurred_at end) as last_account_contact_at
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
        sum(case when contacts.created_at >= windows.minus_3m then 1 else 0 end)
            as new_contacts_3m,
        cast(sum(case when contacts.created_at < windows.minus_3m then 1 else 0 end)
            as {{ type_double() }}) / {{ usual_periods }} as new_contacts_usual_3m
    from windows
    inner join contacts
        on windows.account_id = contacts.account_id
        and contacts.created_at < windows.observed_at
        and contacts.created_at >= windows.usual_from
    group by windows.account_id, windows.month

),

opportunity_features as (

    select
        windows.account_id,
        windows.month,
        sum(case when opportunities.outcome = 'lost' and opportunities.closed_at < windows.observed_at
            and opportunities.closed_at >= windows.minus_6m then 1 else 0 end) as lost_opportunities_6m,
        sum(case when opportunities.outcome = 'lost' and opportunities.closed_at < windows.observed_at
            and opportunities.closed_at >= windows.minus_3m then 1 else 0 end) as lost_opportunities_3m,
        sum(case when opportunities.outcome = 'won' and opportunities.closed_at < windows.observed_at
            and opportunities.closed_at >= windows.minus_12m then 1 else 0 end) as won_opportunities_12m,
        sum(case when opportunities.closed_at is null or opportunities.closed_at >= windows.observed_at
            then 1 else 0 end) as open_opportunities,
        -- quotes that never became orders: open at observed_at and created more than
        -- var('stale_opportunity_days') days before it
        sum(case when (opportunities.closed_at is null or opportunities.closed_at >= windows.observed_at)
            and opportunities.created_at < windows.stale_before
            then 1 else 0 end) as stale_open_opportunities
    from windows
    inner join opportunities
        on windows.account_id = opportunities.account_id
        and opportunities.created_at < windows.observed_at
    group by windows.account_id, windows.month

),

tenure as (

    select
        account_id,
        min(month) as first_month
    from account_months
    group by account_id

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
        coalesce(opportunity_features.stale_open_opportunities, 0) as stale_open_opportunities,
        -- the signals below measure the last 3 months against the account's own usual rate
        coalesce(activity_features.account_contacts_3m, 0) as account_contacts_3m,
        coalesce(activity_features.account_contacts_usual_3m, 0) as account_contacts_usual_3m,
        (coalesce(activity_features.account_contacts_3m, 0) + {{ var('risk_ratio_smoothing') }})
            / (coalesce(activity_features.account_contacts_usual_3m, 0) + {{ var('risk_ratio_smoothing') }})
            as account_contacts_ratio,
        {{ days_between('activity_features.last_account_contact_at', 'windows.observed_at') }}
            as days_since_account_contact,
        coalesce(support_features.support_cases_usual_3m, 0) as support_cases_usual_3m,
        (coalesce(support_features.support_cases_3m, 0) + {{ var('risk_ratio_smoothing') }})
            / (coalesce(support_features.support_cases_usual_3m, 0) + {{ var('risk_ratio_smoothing') }})
            as support_cases_ratio,
        coalesce(contact_features.new_contacts_usual_3m, 0) as new_contacts_usual_3m,
        (coalesce(contact_features.new_contacts_3m, 0) + {{ var('risk_ratio_smoothing') }})
            / (coalesce(contact_features.new_contacts_usual_3m, 0) + {{ var('risk_ratio_smoothing') }})
            as new_contacts_ratio,
        coalesce(value_features.invoiced_3m_eur, 0) as invoiced_3m_eur,
        coalesce(value_features.invoiced_usual_3m_eur, 0) as invoiced_usual_3m_eur,
        coalesce(value_features.invoiced_3m_eur, 0) / nullif(value_features.invoiced_usual_3m_eur, 0)
            as invoiced_3m_ratio,
        coalesce(payment_features.late_payments_3m, 0) as late_payments_3m,
        coalesce(opportunity_features.open_opportunities, 0) as open_opportunities,
        coalesce(opportunity_features.lost_opportunities_3m, 0) as lost_opportunities_3m,
        coalesce(opportunity_features.won_opportunities_12m, 0) as won_opportunities_12m,
        {{ dbt.datediff('tenure.first_month', 'windows.month', 'month') }} as customer_tenure_months
    from windows
    inner join tenure
        on windows.account_id = tenure.account_id
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
