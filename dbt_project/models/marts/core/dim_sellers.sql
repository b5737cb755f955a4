with

users as (

    select * from {{ ref('stg_crm__users') }}

),

final as (

    select
        user_id,
        user_name,
        team,
        role,
        is_active,
        created_at
    from users

)

select * from final
