ALTER TABLE "replicache_client" ADD COLUMN "version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Clients from before: as changed at their owner's current version. A device at that version
-- was sent every client by the pulls before (they reported all); one behind hears them once.
UPDATE "replicache_client" SET "version" = "replicache_user_version"."version"
FROM "replicache_client_group", "replicache_user_version"
WHERE "replicache_client_group"."id" = "replicache_client"."client_group_id"
  AND "replicache_user_version"."user_id" = "replicache_client_group"."user_id";
