-- Issue 19: an administrator's change of a user or an app names the administrator beside the
-- user it concerns (NULL: the user's own event, or the operator's CLI). No foreign key, as for
-- user_id: an event outlives the users it names.
ALTER TABLE audit_events ADD COLUMN actor_id INTEGER;
