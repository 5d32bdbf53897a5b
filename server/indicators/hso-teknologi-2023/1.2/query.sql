-- 1.2 Andel av polikliniske konsultasjoner som er behovsstyrt vs. kalenderstyrt. Quarterly ratio.
-- Denominator: finished outpatient (AMB) and video (VR) consultations starting in the quarter.
-- Numerator: those coded behovsstyrt; uncoded consultations count as not user-driven.
WITH consultation AS (
  SELECT org_key,
         scheduling,
         CAST(left(CAST(period_start AS VARCHAR), 10) AS DATE) AS day
    FROM encounter
   WHERE class_code IN ('AMB', 'VR')
     AND status = 'finished'
     AND period_start IS NOT NULL
)
SELECT k.organisation_id,
       strftime(c.day, '%Y') || '-Q' || quarter(c.day) AS period,
       count(*) FILTER (WHERE c.scheduling = 'behovsstyrt') AS numerator,
       count(*) AS denominator
  FROM consultation c
  LEFT JOIN organisation_key k ON k.org_key = c.org_key
 GROUP BY ALL
