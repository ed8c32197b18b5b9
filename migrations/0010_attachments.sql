CREATE TABLE "attachment" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"message_id" text,
	"name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" bigint NOT NULL,
	"page_count" integer,
	"source" text DEFAULT 'upload' NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachment_garbage" (
	"storage_key" text PRIMARY KEY NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_message_id_message_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."message"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachment_user_version_idx" ON "attachment" USING btree ("user_id","version");--> statement-breakpoint
CREATE INDEX "attachment_message_idx" ON "attachment" USING btree ("message_id");--> statement-breakpoint
-- Attachments sync like messages (migration 0003): stamped with the owner's next version on
-- insert and on an update that bumps it.
CREATE TRIGGER "attachment_stamp_insert" BEFORE INSERT ON "attachment"
  FOR EACH ROW EXECUTE FUNCTION "replicache_stamp_version"();
--> statement-breakpoint
CREATE TRIGGER "attachment_stamp_update" BEFORE UPDATE ON "attachment"
  FOR EACH ROW WHEN (NEW."version" IS DISTINCT FROM OLD."version")
  EXECUTE FUNCTION "replicache_stamp_version"();
--> statement-breakpoint
-- The tombstone of migration 0003, which now knows the attachment's key (shared/keys.ts).
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
  ELSE
    row_key := 'message/' || OLD."conversation_id" || '/' || OLD."id";
  END IF;
  INSERT INTO "replicache_tombstone" ("user_id", "key", "version")
  VALUES (OLD."user_id", row_key, "replicache_next_version"(OLD."user_id"))
  ON CONFLICT ("user_id", "key") DO UPDATE SET "version" = EXCLUDED."version";
  RETURN OLD;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "attachment_tombstone" AFTER DELETE ON "attachment"
  FOR EACH ROW EXECUTE FUNCTION "replicache_tombstone"();
--> statement-breakpoint
-- However an attachment goes (its message, its conversation, its person), its bytes are left
-- for the sweep to delete: in the same transaction, so no deletion forgets them.
CREATE FUNCTION "attachment_leave_garbage"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "attachment_garbage" ("storage_key") VALUES (OLD."storage_key")
  ON CONFLICT DO NOTHING;
  RETURN OLD;
END $$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "attachment_garbage" AFTER DELETE ON "attachment"
  FOR EACH ROW EXECUTE FUNCTION "attachment_leave_garbage"();
