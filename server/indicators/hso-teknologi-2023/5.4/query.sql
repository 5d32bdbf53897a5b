-- 5.4 Antall typer medisinskteknisk utstyr integrert mot relevante fagsystemer. Latest, quarterly.
-- At each quarter's last day: the distinct device types of which the trust owns at least one
-- device whose integration began on or before that day and had not ended by it. Quarters run from
-- the first integration in the data to the latest integration date; every trust owning devices
-- gets a row for each of them (0 before its first integration).
WITH device_row AS (
  SELECT org_key,
         device_type,
         CAST(left(CAST(integrated_from AS VARCHAR), 10) AS DATE) AS integrated_from,
         CAST(left(CAST(integrated_to AS VARCHAR), 10) AS DATE) AS integrated_to
    FROM device
   WHERE status IS DISTINCT FROM 'entered-in-error'
),
quarter AS (
  SELECT CAST(q + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS last_day
    FROM (SELECT unnest(generate_series(date_trunc('quarter', min(integrated_from))::TIMESTAMP,
                                        max(coalesce(integrated_to, integrated_from))::TIMESTAMP,
                                        INTERVAL 3 MONTH)) AS q
            FROM device_row)
),
owner AS (
  SELECT DISTINCT org_key FROM device_row
)
SELECT k.organisation_id,
       strftime(q.last_day, '%Y') || '-Q' || quarter(q.last_day) AS period,
       count(DISTINCT d.device_type) AS value
  FROM owner o
 CROSS JOIN quarter q
  LEFT JOIN device_row d ON d.org_key IS NOT DISTINCT FROM o.org_key
                        AND d.integrated_from <= q.last_day
                        AND (d.integrated_to IS NULL OR d.integrated_to > q.last_day)
  LEFT JOIN organisation_key k ON k.org_key = o.org_key
 GROUP BY ALL
