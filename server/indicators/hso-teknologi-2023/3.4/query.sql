-- 3.4 Antall prøvesvar sendt til Pasientens prøvesvar i Kjernejournal. Monthly sum.
-- Final (or amended, corrected, appended) laboratory reports tagged pasientens-provesvar, by the
-- month issued (else the month taken), at the performing trust. Every trust and month with
-- laboratory reports gets a row (0 if none were sent).
WITH report AS (
  SELECT org_key,
         sent_to_provesvar,
         CAST(left(coalesce(CAST(issued AS VARCHAR), CAST(effective AS VARCHAR)), 10) AS DATE) AS day
    FROM diagnostic_report
   WHERE section = 'LAB'
     AND status IN ('final', 'amended', 'corrected', 'appended')
)
SELECT k.organisation_id,
       strftime(r.day, '%Y-%m') AS period,
       count(*) FILTER (WHERE r.sent_to_provesvar) AS value
  FROM report r
  LEFT JOIN organisation_key k ON k.org_key = r.org_key
 WHERE r.day IS NOT NULL
 GROUP BY ALL
