-- 1.1 Andel pasienter fulgt opp i et DHO-tilbud, fordelt på forløpstyper. Quarterly ratio of persons.
-- Denominator: patients with a pathway (EpisodeOfCare) at the trust that was open at some time in
-- the quarter. Numerator: those of them with a DHO care plan on that pathway open in the quarter.
-- Ongoing pathways (no end: 9999-12-31 here) count up to the latest date in the pathway data,
-- which stands for the export's horizon.
WITH episode AS (
  SELECT episode_key,
         patient_key,
         org_key,
         CASE pathway
           WHEN 'hjertesvikt' THEN 'hjertesvikt'
           WHEN 'kols' THEN 'KOLS'
           WHEN 'kreft' THEN 'kreft'
           WHEN 'psykisk-helse' THEN 'psykisk helse'
           ELSE pathway
         END AS pathway,
         CAST(left(CAST(period_start AS VARCHAR), 10) AS DATE) AS starts,
         coalesce(CAST(left(CAST(period_end AS VARCHAR), 10) AS DATE), DATE '9999-12-31') AS ends
    FROM episode_of_care
   WHERE pathway IS NOT NULL
     AND period_start IS NOT NULL
     AND status NOT IN ('planned', 'waitlist', 'cancelled', 'entered-in-error')
),
dho AS (
  SELECT episode_key,
         CAST(left(CAST(period_start AS VARCHAR), 10) AS DATE) AS starts,
         coalesce(CAST(left(CAST(period_end AS VARCHAR), 10) AS DATE), DATE '9999-12-31') AS ends
    FROM care_plan
   WHERE category = 'dho'
     AND period_start IS NOT NULL
     AND status NOT IN ('draft', 'entered-in-error')
),
quarter AS (
  SELECT CAST(q AS DATE) AS first_day,
         CAST(q + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS last_day
    FROM (SELECT unnest(generate_series(date_trunc('quarter', min(starts))::TIMESTAMP,
                                        max(CASE WHEN ends < DATE '9999-12-31' THEN ends ELSE starts END)::TIMESTAMP,
                                        INTERVAL 3 MONTH)) AS q
            FROM episode)
)
SELECT k.organisation_id,
       strftime(q.first_day, '%Y') || '-Q' || quarter(q.first_day) AS period,
       e.pathway AS "forløpstype",
       count(DISTINCT e.patient_key) FILTER (WHERE d.episode_key IS NOT NULL) AS numerator,
       count(DISTINCT e.patient_key) AS denominator
  FROM episode e
  JOIN quarter q ON e.starts <= q.last_day AND e.ends >= q.first_day
  LEFT JOIN dho d ON d.episode_key = e.episode_key
                 AND d.starts <= q.last_day AND d.ends >= q.first_day
  LEFT JOIN organisation_key k ON k.org_key = e.org_key
 GROUP BY ALL
