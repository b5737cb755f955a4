{#- One row per invoice or credit note with its account, its value in the reporting
    currency at issued_on (credit notes negative), and what was paid: in total, and by its
    due date. Payments compare with the invoice's amount in the invoice's own currency, as
    exact decimals (35.87 + 35.86 pays 71.73 in full); a payment in another currency is
    converted through the reporting currency at its date and rounded to the cent. -#}
with

invoices as (

    select * from {{ ref('stg_billing__invoices') }}

),

payments as (

    select * from {{ ref('stg_billing__payments') }}

),

customers as (

    select * from {{ ref('stg_billing__customers') }}

),

fx_rate_periods as (

    select * from {{ ref('int_fx_rate_periods') }}

),

payments_converted as (

    select
        payments.payment_id,
        payments.invoice_id,
        payments.paid_at,
        cast(payments.paid_at as date) as paid_on,
        -- exact: the same currency as it was paid; another currency through the reporting
        -- currency at the paid_at rates, rounded to the cent of the invoice's currency
        case
            when payments.currency = invoices.currency then payments.amount
            else cast(round(
                payments.amount * payment_fx.rate_to_reporting / invoice_fx.rate_to_reporting, 2
            ) as {{ money_type() }})
        end as amount_in_invoice_currency,
        {{ to_reporting_currency('payments.amount', 'payment_fx') }} as amount_eur
    from payments
    inner join invoices
        on payments.invoice_id = invoices.invoice_id
    left join fx_rate_periods as payment_fx
        on {{ fx_rate_join('payment_fx', 'payments.currency', 'payments.paid_at') }}
    left join fx_rate_periods as invoice_fx
        on {{ fx_rate_join('invoice_fx', 'invoices.currency', 'payments.paid_at') }}

),

running as (

    select
        payments_converted.*,
        invoices.amount as invoice_amount,
        sum(payments_converted.amount_in_invoice_currency) over (
            partition by payments_converted.invoice_id
            order by payments_converted.paid_at, payments_converted.payment_id
            rows between unbounded preceding and current row
        ) as paid_so_far
    from payments_converted
    inner join invoices
        on payments_converted.invoice_id = invoices.invoice_id

),

paid_in_full as (

    -- the payment that completed the invoice's amount
    select
        invoice_id,
        min(paid_at) as paid_in_full_at
    from running
    where paid_so_far >= invoice_amount
    group by invoice_id

),

paid as (

    select
        payments_converted.invoice_id,
        sum(payments_converted.amount_in_invoice_currency) as paid_amount,
        sum(case when payments_converted.paid_on <= invoices.due_on
            then payments_converted.amount_in_invoice_currency else 0 end) as paid_by_due_amount,
        sum(payments_converted.amount_eur) as paid_eur,
        min(payments_converted.paid_at) as first_paid_at,
        max(payments_converted.paid_at) as last_paid_at,
        count(*) as payments
    from payments_converted
    inner join invoices
        on payments_converted.invoice_id = invoices.invoice_id
    group by payments_converted.invoice_id

),

final as (

    select
        invoices.invoice_id,
        invoices.customer_id,
        customers.account_id,
        invoices.opportunity_id,
        invoices.invoice_type,
        invoices.status,
        invoices.issued_on,
        invoices.due_on,
        invoices.amount,
        invoices.currency,
        case when invoices.invoice_type = 'credit_note' then -1 else 1 end
            * {{ to_reporting_currency('invoices.amount', 'fx') }} as amount_eur,
        coalesce(paid.paid_amount, 0) as paid_amount,
        coalesce(paid.paid_by_due_amount, 0) as paid_by_due_amount,
        coalesce(paid.paid_eur, 0) as paid_eur,
        coalesce(paid.payments, 0) as payments,
        paid.first_paid_at,
        paid.last_paid_at,
        paid_in_full.paid_in_full_at,
        -- falls due: a real invoice, not void (credit notes and void invoices never fall due)
        invoices.invoice_type = 'invoice' and invoices.status <> 'void' as is_due_kind,
        case when coalesce(paid.paid_by_due_amount, 0) >= invoices.amount then 1 else 0 end
            as is_paid_on_time,
        case when coalesce(paid.paid_amount, 0) >= invoices.amount then 1 else 0 end
            as is_paid_in_full
    from invoices
    left join customers
        on invoices.customer_id = customers.customer_id
    left join paid
        on invoices.invoice_id = paid.invoice_id
    left join paid_in_full
        on invoices.invoice_id = paid_in_full.invoice_id
    left join fx_rate_periods as fx
        on {{ fx_rate_join('fx', 'invoices.currency', 'invoices.issued_on') }}

)

select * from final
