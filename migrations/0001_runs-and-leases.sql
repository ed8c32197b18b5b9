ALTER TABLE "message" ADD COLUMN "finish_reason" text;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "run_id" text;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "message_status_idx" ON "message" USING btree ("status");