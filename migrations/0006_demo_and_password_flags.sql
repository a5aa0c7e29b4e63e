-- Demo rows are marked so that `npm run demo -- --remove` deletes exactly them and the web app
-- can say when public demo passwords exist; must_change_password forces a new password after an
-- admin set a temporary one. Booleans are 0/1 as everywhere else.
ALTER TABLE accounts ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE partners ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;

-- Databases seeded before this migration: the demo's accounts use its reserved domain, and its
-- partners are those whose commuters carry the demo's ids (demo-<partner>-0001).
UPDATE accounts SET demo = 1 WHERE email LIKE '%@demo.modeshift.eu';
UPDATE partners SET demo = 1
WHERE EXISTS (SELECT 1 FROM commuters WHERE commuters.partner_id = partners.id AND commuters.id = 'demo-' || partners.id || '-0001');
