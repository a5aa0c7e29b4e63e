-- A partner's own HEAT data (issue 15): a crude all-cause mortality rate for an age range and a
-- value of a statistical life, each with its source and year, so that the indicator API's health
-- block can say "with Skanderborg's own mortality data". NULL means "use the country default".
-- A rate or a VSL is written whole or cleared whole (repositories/partners.ts); SQLite cannot add
-- a table CHECK across columns with ALTER TABLE, so the rule lives in the one writer.
ALTER TABLE partners ADD COLUMN heat_mortality_per_100k DOUBLE PRECISION CHECK (heat_mortality_per_100k > 0);
ALTER TABLE partners ADD COLUMN heat_mortality_age_from INTEGER;
ALTER TABLE partners ADD COLUMN heat_mortality_age_to INTEGER;
ALTER TABLE partners ADD COLUMN heat_mortality_source TEXT;
ALTER TABLE partners ADD COLUMN heat_mortality_year INTEGER;
ALTER TABLE partners ADD COLUMN heat_vsl DOUBLE PRECISION CHECK (heat_vsl > 0);
ALTER TABLE partners ADD COLUMN heat_vsl_currency TEXT;
ALTER TABLE partners ADD COLUMN heat_vsl_year INTEGER;
ALTER TABLE partners ADD COLUMN heat_vsl_source TEXT;
