-- No query reads tokens by user or by app: revocations go through token_families (indexed by
-- user and by app) and reach the tokens by family. Each of these two indexes cost every new
-- token an extra B-tree leaf write at a random place, which on H2 is a page in every commit.
DROP INDEX tokens_user;
DROP INDEX tokens_app;
