"""Full-text search in Italian that ignores accents, and trigram similarity for typos.

`unaccent()` is only STABLE, so it cannot appear in an index expression; `immutable_unaccent`
wraps it with the dictionary named, which makes it safe to declare IMMUTABLE. The text search
configuration `italian_unaccent` is Italian stemming and stop words after unaccenting.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'italian_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION italian_unaccent (COPY = pg_catalog.italian);
        ALTER TEXT SEARCH CONFIGURATION italian_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, italian_stem;
    END IF;
END
$$;
"""

DROP = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS italian_unaccent;
DROP FUNCTION IF EXISTS immutable_unaccent(text);
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(CREATE, DROP),
    ]
