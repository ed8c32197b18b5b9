ALTER TABLE "conversation" ADD COLUMN "branch_kind" text;--> statement-breakpoint
ALTER TABLE "conversation" ADD COLUMN "pinned_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "conversation_parent_idx" ON "conversation" USING btree ("parent_conversation_id");