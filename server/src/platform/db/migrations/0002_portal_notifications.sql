ALTER TABLE "participants" ADD COLUMN "notified_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "contacts_portal_user_idx" ON "contacts" USING btree ("portal_user_id");