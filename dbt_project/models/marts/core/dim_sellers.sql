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
        role = 'seller' as is_seller,
        is_active,
        created_at
    from users

)

select * from final
