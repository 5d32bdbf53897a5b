-- 3.6 Andel timeavtaler tilgjengelig for pasient på Helsenorge. Quarterly ratio.
-- Denominator: appointments that were booked, attended or missed (not proposed, pending, waitlisted,
-- cancelled or entered in error) starting in the quarter. Numerator: those shown on Helsenorge.
WITH booking AS (
  SELECT org_key,
         helsenorge_visible,
         CAST(left(CAST(appointment_start AS VARCHAR), 10) AS DATE) AS day
    FROM appointment
   WHERE status IN ('booked', 'arrived', 'checked-in', 'fulfilled', 'noshow')
     AND appointment_start IS NOT NULL
)
SELECT k.organisation_id,
       strftime(b.day, '%Y') || '-Q' || quarter(b.day) AS period,
       count(*) FILTER (WHERE b.helsenorge_visible) AS numerator,
       count(*) AS denominator
  FROM booking b
  LEFT JOIN organisation_key k ON k.org_key = b.org_key
 GROUP BY ALL
