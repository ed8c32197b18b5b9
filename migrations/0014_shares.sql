CREATE TABLE "share" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"token" text NOT NULL,
	"token_hash" text NOT NULL,
	"mode" text NOT NULL,
	"through_order" integer,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "share" ADD CONSTRAINT "share_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share" ADD CONSTRAINT "share_conversation_id_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "share_token_hash_idx" ON "share" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "share_user_version_idx" ON "share" USING btree ("user_id","version");--> statement-breakpoint
CREATE INDEX "share_conversation_idx" ON "share" USING btree ("conversation_id");--> statement-breakpoint
-- Shares sync to their owner like attachments (migration 0010): stamped with the owner's next
-- version on insert and on an update that bumps it.
CREATE TRIGGER "share_stamp_insert" BEFORE INSERT ON "share"
  FOR EACH ROW EXECUTE FUNCTION "replicache_stamp_version"();
--> statement-breakpoint
CREATE TRIGGER "share_stamp_update" BEFORE UPDATE ON "share"
  FOR EACH ROW WHEN (NEW."version" IS DISTINCT FROM OLD."version")
  EXECUTE FUNCTION "replicache_stamp_version"();
--> statement-breakpoint
-- The tombstone of migration 0010, which now knows the share's key (shared/keys.ts).
CREATE OR REPLACE FUNCTION "replicache_tombstone"() RETURNS trigger AS $$
DECLARE row_key text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "user" WHERE "id" = OLD."user_id") THEN
    RETURN OLD;
  END IF;
  IF TG_TABLE_NAME = 'conversation' THEN
    row_key := 'conversation/' || OLD."id";
  ELSIF TG_TABLE_NAME = 'attachment' THEN
    row_key := 'attachment/' || OLD."id";
  ELSIF TG_TABLE_NAME = 'share' THEN
    row_key := 'share/' || OLD."id";
  ELSE
    row_key := 'message/' || OLD."conversation_id" || '/' || OLD."id";
  END IF;
  INSERT INTO "replicache_tombstone" ("user_id", "key", "version")
  VALUES (OLD."user_id", row_key, "replicache_next_version"(OLD."user_id"))
  ON CONFLICT ("user_id", "key") DO UPDATE SET "version" = EXCLUDED."version";
  RETURN OLD;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "share_tombstone" AFTER DELETE ON "share"
  FOR EACH ROW EXECUTE FUNCTION "replicache_tombstone"();
