CREATE TABLE "document_renderings" (
	"kind" text NOT NULL,
	"document_id" text NOT NULL,
	"account_id" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_renderings_kind_document_id_pk" PRIMARY KEY("kind","document_id"),
	CONSTRAINT "document_renderings_kind_known" CHECK ("document_renderings"."kind" in ('invoice')),
	CONSTRAINT "document_renderings_sha256_hex" CHECK ("document_renderings"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "document_renderings" ADD CONSTRAINT "document_renderings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;