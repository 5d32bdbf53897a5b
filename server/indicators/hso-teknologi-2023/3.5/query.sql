-- 3.5 Antall måledata utvekslet via Pasientens måledata i Kjernejournal. Monthly sum.
-- Final (or amended, corrected) observations tagged pasientens-maledata, by the month issued (else
-- the month measured), at the performing trust. Every trust and month with observations gets a row.
WITH measurement AS (
  SELECT org_key,
         sent_to_maledata,
         CAST(left(coalesce(CAST(issued AS VARCHAR), CAST(effective AS VARCHAR)), 10) AS DATE) AS day
    FROM observation
   WHERE status IN ('final', 'amended', 'corrected')
)
SELECT k.organisation_id,
       strftime(m.day, '%Y-%m') AS period,
       count(*) FILTER (WHERE m.sent_to_maledata) AS value
  FROM measurement m
  LEFT JOIN organisation_key k ON k.org_key = m.org_key
 WHERE m.day IS NOT NULL
 GROUP BY ALL
