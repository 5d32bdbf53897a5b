-- 3.1 Antall legemiddellister som er samstemt ved utskrivning. Monthly sum.
-- Discharges from finished inpatient stays with a list coded reconciled-at-discharge (a stay counts
-- once however many such lists it has), by the month of discharge, at the trust of the stay. Every
-- trust and month with discharges gets a row (0 if none).
WITH discharge AS (
  SELECT encounter_key,
         org_key,
         CAST(left(CAST(period_end AS VARCHAR), 10) AS DATE) AS day
    FROM encounter
   WHERE class_code = 'IMP'
     AND status = 'finished'
     AND period_end IS NOT NULL
),
reconciled AS (
  SELECT list_key, encounter_key
    FROM medication_list
   WHERE purpose = 'reconciled-at-discharge'
     AND status IN ('current', 'retired')
)
SELECT k.organisation_id,
       strftime(x.day, '%Y-%m') AS period,
       count(DISTINCT x.encounter_key) FILTER (WHERE l.list_key IS NOT NULL) AS value
  FROM discharge x
  LEFT JOIN reconciled l ON l.encounter_key = x.encounter_key
  LEFT JOIN organisation_key k ON k.org_key = x.org_key
 GROUP BY ALL
