{#- Where the good customers came from: lifetime value and churn of the customer accounts,
    by the channel and lead type of the lead each was converted from. -#}
with

customer_lifetime as (

    select * from {{ ref('customer_lifetime') }}

),

final as (

    select
        origin_channel,
        cast(origin_lead_type as bigint) as origin_lead_type,
        cast(count(*) as bigint) as customers,
        cast(sum(case when is_churned then 1 else 0 end) as bigint) as churned_customers,
        cast({{ safe_share('sum(case when is_churned then 1 else 0 end)', 'count(*)') }}
            as {{ type_double() }}) as churn_rate,
        cast(sum(invoiced_eur) as {{ reporting_money_type() }}) as invoiced_eur,
        cast(sum(paid_eur) as {{ reporting_money_type() }}) as paid_eur,
        cast(sum(invoiced_eur) as {{ type_double() }}) / count(*) as invoiced_per_customer_eur,
        cast(sum(paid_eur) as {{ type_double() }}) / count(*) as paid_per_customer_eur
    from customer_lifetime
    group by origin_channel, origin_lead_type

)

select * from final
