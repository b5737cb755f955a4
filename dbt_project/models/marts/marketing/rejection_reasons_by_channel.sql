{#- The feedback loop from sales to marketing: per month of rejection, channel and reason,
    the leads sales rejected, and their share of the channel's rejections that month. -#}
with

lead_outcomes as (

    select * from {{ ref('int_lead_outcomes') }}

),

rejected as (

    select
        {{ month_of('rejected_at') }} as month,
        channel,
        coalesce(rejection_reason, '(none given)') as rejection_reason,
        count(*) as rejected_leads
    from lead_outcomes
    where rejected_at is not null
    group by {{ month_of('rejected_at') }}, channel, coalesce(rejection_reason, '(none given)')

),

final as (

    select
        month,
        channel,
        rejection_reason,
        rejected_leads,
        cast(rejected_leads as {{ type_double() }})
            / sum(rejected_leads) over (partition by month, channel) as share_of_channel_rejections
    from rejected

)

select * from final
