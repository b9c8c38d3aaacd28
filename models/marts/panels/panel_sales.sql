{#-
    Sales panel (dashboards.md, panel 1), per account and panel timeframe (default: the week).
    Four sections in one table:
    - `daily`: one row per local day of the window, zeros included: purchases of type sale, of
      type rebill and both (count and amount), refunds (refund or chargeback rows of any status,
      on the day of the refund row itself), affiliate commissions of the purchases, revenue
      (sales + rebills) and profit (revenue - refunds - affiliate commissions);
    - `week_total`: the same figures for the whole window (`day` null);
    - `top_affiliate`: the 3 affiliates with the most purchases carrying their affiliate_id
      (ties: larger purchase amount, then lower affiliate id): purchases and their amount;
    - `top_affiliate_daily`: each top affiliate's purchases per day of the window.
-#}

with

panel_days as (
    select * from {{ ref('int_panel_days') }}
),

window_events as (
    select * from {{ ref('int_panel_window_events') }}
),

objects as (
    select * from {{ ref('stg_landing__objects') }}
),

transactions as (
    select
        account_id,
        timeframe,
        affiliate_id,
        amount,
        affiliate_commission,
        event_type = 'purchased' as is_purchase,
        event_type = 'purchased' and transaction_type = 'sale' as is_sale,
        event_type = 'purchased' and transaction_type = 'rebill' as is_rebill,
        event_type = 'refunded' as is_refund,
        occurred_date
    from window_events
    where event_source = 'transactions'
),

daily_sums as (
    select
        panel_days.account_id,
        panel_days.timeframe,
        panel_days.panel_date,
        count(case when transactions.is_sale then 1 end) as sales_count,
        coalesce(sum(case when transactions.is_sale then transactions.amount end), 0)
            as sales_amount,
        count(case when transactions.is_rebill then 1 end) as rebills_count,
        coalesce(sum(case when transactions.is_rebill then transactions.amount end), 0)
            as rebills_amount,
        count(case when transactions.is_refund then 1 end) as refunds_count,
        coalesce(sum(case when transactions.is_refund then transactions.amount end), 0)
            as refunds_amount,
        coalesce(
            sum(case when transactions.is_purchase then transactions.affiliate_commission end), 0
        ) as affiliate_commissions
    from panel_days
    left join transactions
        on
            panel_days.account_id = transactions.account_id
            and panel_days.timeframe = transactions.timeframe
            and panel_days.panel_date = transactions.occurred_date
    group by 1, 2, 3
),

window_sums as (
    select
        account_id,
        timeframe,
        sum(sales_count) as sales_count,
        sum(sales_amount) as sales_amount,
        sum(rebills_count) as rebills_count,
        sum(rebills_amount) as rebills_amount,
        sum(refunds_count) as refunds_count,
        sum(refunds_amount) as refunds_amount,
        sum(affiliate_commissions) as affiliate_commissions
    from daily_sums
    group by 1, 2
),

sales_rows as (
    select
        account_id,
        timeframe,
        'daily' as section,
        panel_date,
        sales_count,
        sales_amount,
        rebills_count,
        rebills_amount,
        refunds_count,
        refunds_amount,
        affiliate_commissions
    from daily_sums
    union all
    select
        account_id,
        timeframe,
        'week_total' as section,
        cast(null as date) as panel_date,
        sales_count,
        sales_amount,
        rebills_count,
        rebills_amount,
        refunds_count,
        refunds_amount,
        affiliate_commissions
    from window_sums
),

sales_figures as (
    select
        *,
        sales_count + rebills_count as sales_and_rebills_count,
        sales_amount + rebills_amount as sales_and_rebills_amount,
        sales_amount + rebills_amount as revenue,
        sales_amount + rebills_amount - refunds_amount - affiliate_commissions as profit
    from sales_rows
),

affiliate_purchases as (
    select
        account_id,
        timeframe,
        affiliate_id,
        amount,
        occurred_date
    from transactions
    where
        is_purchase
        and affiliate_id is not null
),

affiliate_totals as (
    select
        account_id,
        timeframe,
        affiliate_id,
        count(*) as sales_count,
        sum(amount) as sales_amount
    from affiliate_purchases
    group by 1, 2, 3
),

ranked_affiliates as (
    select
        *,
        row_number() over (
            partition by account_id, timeframe
            order by sales_count desc, sales_amount desc, affiliate_id asc
        ) as affiliate_rank
    from affiliate_totals
),

top_affiliates as (
    select
        ranked_affiliates.account_id,
        ranked_affiliates.timeframe,
        ranked_affiliates.affiliate_id,
        objects.object_name as affiliate_name,
        ranked_affiliates.sales_count,
        ranked_affiliates.sales_amount,
        ranked_affiliates.affiliate_rank
    from ranked_affiliates
    left join objects
        on
            ranked_affiliates.account_id = objects.account_id
            and ranked_affiliates.affiliate_id = objects.object_id
    where ranked_affiliates.affiliate_rank <= 3
),

top_affiliate_days as (
    select
        top_affiliates.account_id,
        top_affiliates.timeframe,
        top_affiliates.affiliate_id,
        top_affiliates.affiliate_name,
        top_affiliates.affiliate_rank,
        panel_days.panel_date,
        count(affiliate_purchases.affiliate_id) as sales_count
    from top_affiliates
    inner join panel_days
        on
            top_affiliates.account_id = panel_days.account_id
            and top_affiliates.timeframe = panel_days.timeframe
    left join affiliate_purchases
        on
            top_affiliates.account_id = affiliate_purchases.account_id
            and top_affiliates.timeframe = affiliate_purchases.timeframe
            and top_affiliates.affiliate_id = affiliate_purchases.affiliate_id
            and panel_days.panel_date = affiliate_purchases.occurred_date
    group by 1, 2, 3, 4, 5, 6
),

unioned as (
    select
        account_id,
        timeframe,
        section,
        panel_date,
        sales_count,
        sales_amount,
        rebills_count,
        rebills_amount,
        refunds_count,
        refunds_amount,
        affiliate_commissions,
        sales_and_rebills_count,
        sales_and_rebills_amount,
        revenue,
        profit,
        cast(null as bigint) as affiliate_rank,
        cast(null as bigint) as affiliate_id,
        cast(null as varchar) as affiliate_name
    from sales_figures
    union all
    select
        account_id,
        timeframe,
        'top_affiliate' as section,
        cast(null as date) as panel_date,
        sales_count,
        sales_amount,
        null as rebills_count,
        null as rebills_amount,
        null as refunds_count,
        null as refunds_amount,
        null as affiliate_commissions,
        null as sales_and_rebills_count,
        null as sales_and_rebills_amount,
        null as revenue,
        null as profit,
        affiliate_rank,
        affiliate_id,
        affiliate_name
    from top_affiliates
    union all
    select
        account_id,
        timeframe,
        'top_affiliate_daily' as section,
        panel_date,
        sales_count,
        null as sales_amount,
        null as rebills_count,
        null as rebills_amount,
        null as refunds_count,
        null as refunds_amount,
        null as affiliate_commissions,
        null as sales_and_rebills_count,
        null as sales_and_rebills_amount,
        null as revenue,
        null as profit,
        affiliate_rank,
        affiliate_id,
        affiliate_name
    from top_affiliate_days
),

final as (
    select
        cast(account_id as bigint) as account_id,
        cast(timeframe as varchar) as timeframe,
        cast(section as varchar) as section,
        cast(panel_date as date) as day,  -- noqa: RF04
        cast(sales_count as bigint) as sales_count,
        cast(sales_amount as decimal(38, 2)) as sales_amount,
        cast(rebills_count as bigint) as rebills_count,
        cast(rebills_amount as decimal(38, 2)) as rebills_amount,
        cast(refunds_count as bigint) as refunds_count,
        cast(refunds_amount as decimal(38, 2)) as refunds_amount,
        cast(affiliate_commissions as decimal(38, 2)) as affiliate_commissions,
        cast(sales_and_rebills_count as bigint) as sales_and_rebills_count,
        cast(sales_and_rebills_amount as decimal(38, 2)) as sales_and_rebills_amount,
        cast(revenue as decimal(38, 2)) as revenue,
        cast(profit as decimal(38, 2)) as profit,
        cast(affiliate_rank as bigint) as rank,
        cast(affiliate_id as bigint) as affiliate_id,
        cast(affiliate_name as varchar) as affiliate_name,
        {{ as_of() }} as as_of
    from unioned
)

select * from final
