-- 2.4 Antall varsler ved bruk av kunstig intelligens eller regelautomasjon (tidligvarselsystem).
-- Monthly sum: flags coded as an early-warning alert (ai or rule), by the month they were raised,
-- at the trust that raised them. Every trust and month with any flag gets a row (0 if none qualify).
WITH alert AS (
  SELECT org_key,
         alert,
         CAST(left(CAST(period_start AS VARCHAR), 10) AS DATE) AS day
    FROM flag
   WHERE period_start IS NOT NULL
     AND status <> 'entered-in-error'
)
SELECT k.organisation_id,
       strftime(a.day, '%Y-%m') AS period,
       count(*) FILTER (WHERE a.alert IN ('ai', 'rule')) AS value
  FROM alert a
  LEFT JOIN organisation_key k ON k.org_key = a.org_key
 GROUP BY ALL
