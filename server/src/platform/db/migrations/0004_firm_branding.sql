CREATE TABLE "firm_logos" (
	"firm_id" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "brand_color" text DEFAULT '#1f3a5f' NOT NULL;--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "welcome_text" text;--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "quiet_hours_start" text;--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "quiet_hours_end" text;--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "default_locale" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "logo_sha256" text;--> statement-breakpoint
ALTER TABLE "firm_logos" ADD CONSTRAINT "firm_logos_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE no action ON UPDATE no action;