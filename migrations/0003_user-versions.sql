CREATE TABLE "replicache_tombstone" (
	"user_id" text NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	CONSTRAINT "replicache_tombstone_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "replicache_user_version" (
	"user_id" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "replicache_cvr" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "replicache_cvr" CASCADE;--> statement-breakpoint
ALTER TABLE "replicache_tombstone" ADD CONSTRAINT "replicache_tombstone_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replicache_user_version" ADD CONSTRAINT "replicache_user_version_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "replicache_tombstone_version_idx" ON "replicache_tombstone" USING btree ("user_id","version");--> statement-breakpoint
CREATE INDEX "conversation_user_version_idx" ON "conversation" USING btree ("user_id","version");--> statement-breakpoint
CREATE INDEX "message_user_version_idx" ON "message" USING btree ("user_id","version");--> statement-breakpoint
ALTER TABLE "replicache_client_group" DROP COLUMN "cvr_version";--> statement-breakpoint
-- Each user's change counter, taken one step at a time. The row lock it takes orders a user's
-- writers, so versions commit in order and a pull's snapshot never misses an earlier one.
CREATE FUNCTION "replicache_next_version"(uid text) RETURNS integer AS $$
DECLARE bumped integer;
BEGIN
  INSERT INTO "replicache_user_version" ("user_id", "version") VALUES (uid, 1)
  ON CONFLICT ("user_id") DO UPDATE SET "version" = "replicache_user_version"."version" + 1
  RETURNING "version" INTO bumped;
  RETURN bumped;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
-- A new row, or a write that bumped `version` (what the code does for every change a device
-- should see), is stamped with the user's next version.
CREATE FUNCTION "replicache_stamp_version"() RETURNS trigger AS $$
BEGIN
  NEW."version" := "replicache_next_version"(NEW."user_id");
  RETURN NEW;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "conversation_stamp_insert" BEFORE INSERT ON "conversation"
  FOR EACH ROW EXECUTE FUNCTION "replicache_stamp_version"();
--> statement-breakpoint
CREATE TRIGGER "conversation_stamp_update" BEFORE UPDATE ON "conversation"
  FOR EACH ROW WHEN (NEW."version" IS DISTINCT FROM OLD."version")
  EXECUTE FUNCTION "replicache_stamp_version"();
--> statement-breakpoint
CREATE TRIGGER "message_stamp_insert" BEFORE INSERT ON "message"
  FOR EACH ROW EXECUTE FUNCTION "replicache_stamp_version"();
--> statement-breakpoint
CREATE TRIGGER "message_stamp_update" BEFORE UPDATE ON "message"
  FOR EACH ROW WHEN (NEW."version" IS DISTINCT FROM OLD."version")
  EXECUTE FUNCTION "replicache_stamp_version"();
--> statement-breakpoint
-- A deleted row leaves its Replicache key (shared/keys.ts) with the user's next version, so
-- devices hear of the deletion. Not when the user is going too: nobody is left to tell.
CREATE FUNCTION "replicache_tombstone"() RETURNS trigger AS $$
DECLARE row_key text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "user" WHERE "id" = OLD."user_id") THEN
    RETURN OLD;
  END IF;
  IF TG_TABLE_NAME = 'conversation' THEN
    row_key := 'conversation/' || OLD."id";
  ELSE
    row_key := 'message/' || OLD."conversation_id" || '/' || OLD."id";
  END IF;
  INSERT INTO "replicache_tombstone" ("user_id", "key", "version")
  VALUES (OLD."user_id", row_key, "replicache_next_version"(OLD."user_id"))
  ON CONFLICT ("user_id", "key") DO UPDATE SET "version" = EXCLUDED."version";
  RETURN OLD;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "conversation_tombstone" AFTER DELETE ON "conversation"
  FOR EACH ROW EXECUTE FUNCTION "replicache_tombstone"();
--> statement-breakpoint
CREATE TRIGGER "message_tombstone" AFTER DELETE ON "message"
  FOR EACH ROW EXECUTE FUNCTION "replicache_tombstone"();
