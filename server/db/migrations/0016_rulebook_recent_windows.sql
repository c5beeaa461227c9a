-- Custom SQL migration file, put your code below! --
-- hand-written:
-- The compliance picture's "recent readings" window and the patrols' complaint-cluster window
-- moved from code (3 days each) into the rulebook: temperature.compliance.recentDays and
-- patrols.clusterDays. Versions stored before this change get the values the code used, so their
-- behaviour does not change; new versions state their own.
UPDATE rulebook_versions
SET rules = jsonb_set(rules, '{temperature,compliance}', jsonb_build_object(
      'recentDays', 3,
      'source', jsonb_build_object('document', 'window in force before it moved into the rulebook', 'article', 'not a regulation')))
WHERE NOT (rules -> 'temperature') ? 'compliance';
--> statement-breakpoint
UPDATE rulebook_versions
SET rules = jsonb_set(rules, '{patrols,clusterDays}', '3'::jsonb)
WHERE NOT (rules -> 'patrols') ? 'clusterDays';
