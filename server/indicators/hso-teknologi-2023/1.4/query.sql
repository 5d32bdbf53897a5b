-- 1.4 Antall reinnleggelser og tid brukt per pasient i DHO (the readmissions). Quarterly sum.
-- A readmission is a finished inpatient stay admitted 1 to 30 days after the same patient's
-- previous discharge (a stay admitted on the day of discharge is a transfer, not a readmission),
-- of a patient with a DHO care plan open on the day of admission. Counted at the readmitting trust
-- in the quarter of admission; every trust and quarter with inpatient stays gets a row (0 if none).
WITH stay AS (
  SELECT encounter_key,
         patient_key,
         org_key,
         CAST(left(CAST(period_start AS VARCHAR), 10) AS DATE) AS admitted,
         CAST(left(CAST(period_end AS VARCHAR), 10) AS DATE) AS discharged
    FROM encounter
   WHERE class_code = 'IMP'
     AND status = 'finished'
     AND period_start IS NOT NULL
     AND period_end IS NOT NULL
),
sequenced AS (
  SELECT *,
         lag(discharged) OVER (PARTITION BY patient_key ORDER BY admitted, discharged, encounter_key) AS previous_discharge
    FROM stay
   WHERE patient_key IS NOT NULL
),
dho AS (
  SELECT patient_key,
         CAST(left(CAST(period_start AS VARCHAR), 10) AS DATE) AS starts,
         CAST(left(CAST(period_end AS VARCHAR), 10) AS DATE) AS ends
    FROM care_plan
   WHERE category = 'dho'
     AND period_start IS NOT NULL
     AND status NOT IN ('draft', 'entered-in-error')
),
readmission AS (
  SELECT DISTINCT s.encounter_key
    FROM sequenced s
    JOIN dho d ON d.patient_key = s.patient_key
              AND d.starts <= s.admitted AND (d.ends IS NULL OR d.ends >= s.admitted)
   WHERE s.admitted > s.previous_discharge
     AND s.admitted <= s.previous_discharge + 30
)
SELECT k.organisation_id,
       strftime(s.admitted, '%Y') || '-Q' || quarter(s.admitted) AS period,
       count(r.encounter_key) AS value
  FROM stay s
  LEFT JOIN readmission r ON r.encounter_key = s.encounter_key
  LEFT JOIN organisation_key k ON k.org_key = s.org_key
 GROUP BY ALL
