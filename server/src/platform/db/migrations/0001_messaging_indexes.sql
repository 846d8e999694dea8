DROP INDEX "conversations_firm_updated_idx";--> statement-breakpoint
CREATE INDEX "conversations_firm_activity_idx" ON "conversations" USING btree ("firm_id","updated_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "participants_staff_active_unique" ON "participants" USING btree ("conversation_id","staff_id") WHERE staff_id is not null and removed_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "participants_party_active_unique" ON "participants" USING btree ("conversation_id","party_id") WHERE party_id is not null and removed_at is null;