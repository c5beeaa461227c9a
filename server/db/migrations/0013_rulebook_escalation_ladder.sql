-- The escalation ladder and the default priority per category moved from code into the
-- rulebook's sla section. Versions stored before this change get the values the code used
-- (crew lead at the due time, section +60 min, branch +240 min; normal priority for every
-- category), so their behaviour does not change; new versions state their own.
UPDATE rulebook_versions
SET rules = jsonb_set(
      jsonb_set(rules, '{sla,escalation}', jsonb_build_object(
        'ladder', '[{"level":1,"target":"crew_lead","afterMinutes":0},{"level":2,"target":"section","afterMinutes":60},{"level":3,"target":"branch","afterMinutes":240}]'::jsonb,
        'source', jsonb_build_object('document', 'ladder in force before it moved into the rulebook', 'article', 'not a regulation'))),
      '{sla,defaultPriority}',
      (SELECT jsonb_object_agg(c, 'normal') FROM jsonb_object_keys(rules #> '{sla,profiles,standard,targets}') AS c))
WHERE NOT (rules -> 'sla') ? 'escalation';
