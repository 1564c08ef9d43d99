import { Migration } from '@mikro-orm/migrations';

export class Migration20261203062801_fees extends Migration {
  override name = 'Migration20261203062801_fees';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "fee" ("id" uuid not null, "kind" varchar(30) not null, "scope" varchar(40) not null default '', "name" jsonb not null, "amount_minor" bigint not null, "currency" varchar(3) not null, "tax_rate_bp" int not null default 0, "pay_before" varchar(10) null, "effective_from" date not null, "effective_until" date null, "created_by" uuid null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "fee_kind_effective_from_index" on "fee" ("kind", "effective_from");`);

    this.addSql(
      `create table "fee_number_counter" ("scope" varchar(20) not null, "last" int not null, primary key ("scope"));`,
    );

    this.addSql(
      `create table "invoice" ("id" uuid not null, "number" varchar(24) not null, "payer_type" varchar(20) not null, "payer_id" uuid not null, "billed_to" varchar(300) not null, "email" varchar(320) null, "subject_type" varchar(40) not null, "subject_id" uuid not null, "description" varchar(300) not null, "currency" varchar(3) not null, "status" varchar(12) not null, "total_minor" bigint not null, "credited_minor" bigint not null default '0', "paid_minor" bigint not null default '0', "refunded_minor" bigint not null default '0', "pay_before" varchar(10) null, "issued_on" date not null, "due_on" date not null, "void_reason" text null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`alter table "invoice" add constraint "invoice_number_unique" unique ("number");`);
    this.addSql(`create index "invoice_status_due_on_index" on "invoice" ("status", "due_on");`);
    this.addSql(`create index "invoice_payer_type_payer_id_index" on "invoice" ("payer_type", "payer_id");`);
    this.addSql(
      `alter table "invoice" add constraint "invoice_subject_type_subject_id_unique" unique ("subject_type", "subject_id");`,
    );

    this.addSql(
      `create table "invoice_line" ("id" uuid not null, "invoice_id" uuid not null, "position" int not null, "kind" varchar(12) not null, "fee_id" uuid null, "description" jsonb not null, "amount_minor" bigint not null, "reason" text null, "created_by" uuid null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "invoice_line_invoice_id_index" on "invoice_line" ("invoice_id");`);

    this.addSql(
      `create table "payment" ("id" uuid not null, "invoice_id" uuid not null, "method" varchar(16) not null, "status" varchar(10) not null, "amount_minor" bigint not null, "currency" varchar(3) not null, "reference" varchar(200) null, "received_on" date not null, "provider_ref" varchar(255) null, "proof_document_id" uuid null, "receipt_number" varchar(24) null, "note" text null, "recorded_by" uuid null, "confirmed_by" uuid null, "confirmed_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "payment_invoice_id_index" on "payment" ("invoice_id");`);
    this.addSql(`alter table "payment" add constraint "payment_provider_ref_unique" unique ("provider_ref");`);
    this.addSql(`alter table "payment" add constraint "payment_receipt_number_unique" unique ("receipt_number");`);
    this.addSql(`create index "payment_status_received_on_index" on "payment" ("status", "received_on");`);

    this.addSql(
      `create table "payment_event" ("provider" varchar(20) not null, "event_id" varchar(255) not null, "type" varchar(100) not null, "outcome" varchar(200) not null, "received_at" timestamptz not null, primary key ("provider", "event_id"));`,
    );

    this.addSql(
      `create table "refund" ("id" uuid not null, "invoice_id" uuid not null, "credit_note_number" varchar(24) null, "amount_minor" bigint not null, "currency" varchar(3) not null, "method" varchar(16) not null, "reference" varchar(200) null, "reason" text not null, "refunded_on" date not null, "recorded_by" uuid not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "refund_invoice_id_index" on "refund" ("invoice_id");`);
    this.addSql(
      `alter table "refund" add constraint "refund_credit_note_number_unique" unique ("credit_note_number");`,
    );

    // Money is whole minor units, never negative; a fee is unique per kind, scope and first day.
    this.addSql(
      `alter table "fee" add constraint "fee_amount_check" check (amount_minor >= 0 and currency ~ '^[A-Z]{3}$' and tax_rate_bp between 0 and 10000);`,
    );
    this.addSql(`create unique index "fee_kind_scope_from_unique" on "fee" ("kind", "scope", "effective_from");`);
    this.addSql(`alter table "payment" add constraint "payment_amount_check" check (amount_minor > 0);`);
    this.addSql(`alter table "refund" add constraint "refund_amount_check" check (amount_minor > 0);`);
    this.addSql(
      `alter table "invoice" add constraint "invoice_amounts_check" check (total_minor >= 0 and credited_minor >= 0 and paid_minor >= 0 and refunded_minor >= 0 and credited_minor <= total_minor and refunded_minor <= paid_minor);`,
    );

    // The late fee a tier's renewal rules held (a bare number in the council's currency) becomes a
    // late renewal fee in the schedule, in minor units, in force from the start.
    this
      .addSql(`insert into fee (id, kind, scope, name, amount_minor, currency, tax_rate_bp, pay_before, effective_from, effective_until, created_by, created_at)
      select gen_random_uuid(), 'late_renewal', t.code, '{"en":"Late renewal fee","vi":"Phí gia hạn trễ hạn"}'::jsonb,
             round((t.renewal->>'lateFee')::numeric * case c.cur when 'VND' then 1 else 100 end)::bigint, c.cur, 0, null, date '2000-01-01', null, null, now()
        from tier t
        cross join (select case country when 'VN' then 'VND' when 'TH' then 'THB' when 'PH' then 'PHP' when 'ID' then 'IDR'
                      when 'MY' then 'MYR' when 'SG' then 'SGD' when 'KH' then 'KHR' when 'LA' then 'LAK' when 'MM' then 'MMK'
                      when 'BN' then 'BND' else 'USD' end as cur from council where id = 1) c
       where coalesce((t.renewal->>'lateFee')::numeric, 0) > 0;`);
    this.addSql(`update tier set renewal = renewal - 'lateFee';`);
    this.addSql(
      `alter table "tier" alter column "renewal" set default '{"windowDays":90,"reminderDays":[90,60,30,7,1,0],"graceDays":30,"practiseInGrace":true}'::jsonb;`,
    );
    this.addSql(`alter table "licence_application" drop column "late_fee";`);

    this.addSql(
      `alter table "invoice_line" add constraint "invoice_line_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id");`,
    );

    this.addSql(
      `alter table "payment" add constraint "payment_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id");`,
    );

    this.addSql(
      `alter table "refund" add constraint "refund_invoice_id_foreign" foreign key ("invoice_id") references "invoice" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "invoice_line" drop constraint "invoice_line_invoice_id_foreign";`);
    this.addSql(`alter table "payment" drop constraint "payment_invoice_id_foreign";`);
    this.addSql(`alter table "refund" drop constraint "refund_invoice_id_foreign";`);

    this.addSql(`drop table if exists "fee" cascade;`);
    this.addSql(`drop table if exists "fee_number_counter" cascade;`);
    this.addSql(`drop table if exists "invoice" cascade;`);
    this.addSql(`drop table if exists "invoice_line" cascade;`);
    this.addSql(`drop table if exists "payment" cascade;`);
    this.addSql(`drop table if exists "payment_event" cascade;`);
    this.addSql(`drop table if exists "refund" cascade;`);

    this.addSql(`alter table "licence_application" add "late_fee" numeric(10,2) null;`);
    this.addSql(`update tier set renewal = renewal || '{"lateFee":0}'::jsonb;`);
  }
}
