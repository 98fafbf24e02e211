-- The four design checks of NCT07177794 in DuckDB SQL: a peer for trialcheck's benchmarks.
-- Exact semantics of the protocol specification, with interval arithmetic over partial
-- dates (a verdict is decided only when every possible day agrees). One verdict per patient
-- and check: P pass, D deviation, I indeterminate, N not evaluable.
-- Reads the NDJSON file named by the table function below ('INPUT' is replaced by the runner).
CREATE OR REPLACE MACRO span_lo(t) AS CASE
    WHEN t IS NULL THEN NULL
    ELSE make_date(CAST(substr(t, 1, 4) AS INTEGER),
                   CASE WHEN length(t) >= 7 THEN CAST(substr(t, 6, 2) AS INTEGER) ELSE 1 END,
                   CASE WHEN length(t) >= 10 THEN CAST(substr(t, 9, 2) AS INTEGER) ELSE 1 END) END;
CREATE OR REPLACE MACRO span_hi(t) AS CASE
    WHEN t IS NULL THEN NULL
    WHEN length(t) >= 10 THEN span_lo(t)
    WHEN length(t) >= 7 THEN last_day(span_lo(t))
    ELSE make_date(CAST(substr(t, 1, 4) AS INTEGER), 12, 31) END;
CREATE OR REPLACE MACRO completed_years(b, d) AS
    year(d) - year(b) - CASE WHEN month(d) < month(b) OR (month(d) = month(b) AND day(d) < day(b)) THEN 1 ELSE 0 END;
CREATE OR REPLACE MACRO decide(lo, hi, lo_ok, hi_ok) AS CASE
    WHEN lo_ok <= lo AND hi <= hi_ok THEN 'P'
    WHEN hi < lo_ok OR lo > hi_ok THEN 'D'
    ELSE 'I' END;

CREATE OR REPLACE TEMP TABLE patients AS
SELECT CAST(id AS VARCHAR) AS id, birth_date, age,
       span_lo(enrollment.date) AS e_lo, span_hi(enrollment.date) AS e_hi, events
FROM read_json('INPUT', format = 'newline_delimited',
               columns = {id: 'VARCHAR', birth_date: 'VARCHAR', age: 'INTEGER',
                          enrollment: 'STRUCT(date VARCHAR, arm VARCHAR)', events: 'JSON[]'});

CREATE OR REPLACE TEMP TABLE events AS
WITH raw AS (
    SELECT p.id, p.e_lo, p.e_hi, unnest(p.events) AS ev FROM patients p
), fields AS (
    SELECT id, e_lo, e_hi,
           ev ->> 'type' AS type,
           coalesce(ev ->> 'start', ev ->> 'date', ev ->> 'end') AS start_text,
           coalesce(ev ->> 'end', ev ->> 'date') AS end_text,
           coalesce(lower(ev ->> 'intent'), 'definitive') AS intent,
           coalesce(lower(ev ->> 'phase'), '') AS phase,
           ev -> 'dose' AS dose
    FROM raw
)
SELECT id, e_lo, e_hi, type, intent, phase, dose,
       span_lo(start_text) AS s_lo, span_hi(start_text) AS s_hi,
       span_lo(end_text) AS f_lo, span_hi(end_text) AS f_hi
FROM fields;

CREATE OR REPLACE TEMP TABLE courses AS
WITH course AS (
    SELECT id, f_lo, f_hi,
           CASE json_type(dose)
               WHEN 'OBJECT' THEN
                   CASE WHEN json_type(dose -> 'value') IN ('DOUBLE', 'UBIGINT', 'BIGINT')
                        THEN CAST(dose ->> 'value' AS DOUBLE) END
                   * CASE dose ->> 'unit' WHEN 'Gy' THEN 1.0 WHEN 'cGy' THEN 0.01 WHEN 'mGy' THEN 0.001 END
               WHEN 'VARCHAR' THEN
                   TRY_CAST(regexp_extract(dose ->> '$', '^\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*(\S.*?)\s*$', 1) AS DOUBLE)
                   * CASE regexp_extract(dose ->> '$', '^\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*(\S.*?)\s*$', 2)
                         WHEN 'Gy' THEN 1.0 WHEN 'cGy' THEN 0.01 WHEN 'mGy' THEN 0.001 END
           END AS gray
    FROM events
    WHERE type = 'radiotherapy' AND intent = 'definitive' AND s_hi < e_lo
)
SELECT id, sum(gray) AS total, bool_or(gray IS NULL) AS missing_dose, max(f_lo) AS c_lo, max(f_hi) AS c_hi
FROM course GROUP BY id;

CREATE OR REPLACE TEMP TABLE adjuvant AS
SELECT e.id,
       bool_or((therapy AND phase = 'adjuvant' AND s_hi < e_lo)
               OR (counts AND s_lo > c.c_hi AND s_hi < e_lo)) AS definite,
       bool_or((therapy AND phase = 'adjuvant' AND s_lo < e_hi)
               OR (counts AND s_hi > c.c_lo AND s_lo < e_hi)) AS possible
FROM (SELECT *, type IN ('chemotherapy', 'immunotherapy', 'targeted-therapy') AS therapy,
             (type IN ('chemotherapy', 'immunotherapy', 'targeted-therapy', 'surgery')
              OR (type = 'radiotherapy' AND intent <> 'definitive'))
             AND phase NOT IN ('induction', 'concurrent') AS counts
      FROM events) e
LEFT JOIN courses c USING (id)
GROUP BY e.id;

CREATE OR REPLACE TEMP TABLE verdicts AS
SELECT p.id,
       CASE WHEN p.birth_date IS NOT NULL
                THEN decide(completed_years(span_hi(p.birth_date), p.e_lo), completed_years(span_lo(p.birth_date), p.e_hi), 18, 75)
            WHEN p.age IS NOT NULL THEN decide(p.age, p.age, 18, 75)
            ELSE 'N' END AS "age",
       CASE WHEN c.id IS NULL OR c.missing_dose THEN 'N'
            WHEN c.total BETWEEN 50 - 1e-9 AND 50.4 + 1e-9 THEN 'P'
            ELSE 'D' END AS "radiotherapy-dose",
       CASE WHEN c.c_lo IS NULL THEN 'N'
            ELSE decide(p.e_lo - c.c_hi, p.e_hi - c.c_lo, 1, 42) END AS "enrollment-window",
       CASE WHEN coalesce(a.definite, false) THEN 'D'
            WHEN coalesce(a.possible, false) THEN 'I'
            WHEN c.c_lo IS NULL THEN 'N'
            ELSE 'P' END AS "no-adjuvant-therapy"
FROM patients p
LEFT JOIN courses c USING (id)
LEFT JOIN adjuvant a USING (id);
