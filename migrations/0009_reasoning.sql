ALTER TABLE "message" ADD COLUMN "reasoning" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "reasoning_ms" integer;--> statement-breakpoint
ALTER TABLE "message" ADD COLUMN "reasoning_requested" boolean DEFAULT false NOT NULL;