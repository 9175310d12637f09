-- No query reads tokens by user or by app (../postgresql/V7 says why); each index cost every new
-- token a B-tree write.
DROP INDEX tokens_user;
DROP INDEX tokens_app;
