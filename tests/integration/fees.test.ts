/**
 * Fees and payments over HTTP against real PostgreSQL: the fee schedule and its bad input, a first
 * registration charged on submission and held from review until paid online (a local server speaks
 * Stripe's API; webhooks carry Stripe's signature, are replayed and arrive twice), receipts, a
 * renewal in grace with the late fee, staff payments (partial, over, double, concurrent), proof
 * of transfer, waivers, refunds with credit notes, voiding, reconciliation and income.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startTestApp, type TestAccount, type TestApp } from '../support/app.js';
import { aLicence, anInstitution, aProgramme } from '../support/builders.js';
import { licensingWorld, type LicensingWorld } from '../support/licensing.js';
import { ManualClock } from '../../api/shared/clock.js';

const WEBHOOK_SECRET = 'whsec_testsecretfortheregistry';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const clock = new ManualClock('2026-12-03T03:00:00Z');
const TODAY = '2026-12-03';

/** A local server answering the one Stripe API call the registry makes (create a Checkout Session), as Stripe documents it. */
function stripeApi() {
  const sessions: Array<{ id: string; form: URLSearchParams; idempotencyKey: string | undefined }> = [];
  let down = false;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (down) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'api_error', message: 'Service unavailable' } }));
        return;
      }
      if (req.method !== 'POST' || req.url !== '/v1/checkout/sessions') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } }));
        return;
      }
      const form = new URLSearchParams(body);
      const key = req.headers['idempotency-key'] as string | undefined;
      const existing = sessions.find((s) => key && s.idempotencyKey === key);
      const id = existing?.id ?? `cs_test_${Math.random().toString(36).slice(2, 12)}`;
      if (!existing) sessions.push({ id, form, idempotencyKey: key });
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${id}` });
      res.end(
        JSON.stringify({
          id,
          object: 'checkout.session',
          url: `https://checkout.stripe.com/c/pay/${id}`,
          expires_at: Math.floor(Date.now() / 1000) + 86400,
          amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
          currency: form.get('line_items[0][price_data][currency]'),
          payment_status: 'unpaid',
          metadata: { invoiceId: form.get('metadata[invoiceId]') },
        }),
      );
    });
  });
  return {
    sessions,
    setDown: (d: boolean) => (down = d),
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let t: TestApp;
let api: ReturnType<typeof stripeApi>;
let world: LicensingWorld;
let registrar: TestAccount;
let admin: TestAccount;
const signer = new Stripe('sk_test_signer');

beforeAll(async () => {
  api = stripeApi();
  const apiUrl = await api.start();
  t = await startTestApp({
    clock,
    env: { STRIPE_SECRET_KEY: 'sk_test_registry', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: apiUrl },
  });
  registrar = await t.signIn(['registrar']);
  admin = await t.signIn(['admin']);
  world = await licensingWorld(t, () => registrar);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await api?.stop();
});

const fee = (body: Record<string, unknown>) => t.request('POST', '/api/v1/fees', { token: admin.accessToken, body });
const invoice = async (id: string, token = registrar.accessToken) =>
  (await t.request('GET', `/api/v1/invoices/${id}`, { token })).body;

/** A signed Stripe event for a Checkout Session, as Stripe sends it. */
async function stripeEvent(
  type: string,
  session: { id: string; invoiceId: string; amount: number; currency?: string; paymentStatus?: string },
  eventId = `evt_${Math.random().toString(36).slice(2, 14)}`,
) {
  const payload = JSON.stringify({
    id: eventId,
    object: 'event',
    api_version: '2025-11-17.clover',
    created: Math.floor(clock.now().getTime() / 1000),
    type,
    data: {
      object: {
        id: session.id,
        object: 'checkout.session',
        amount_total: session.amount,
        currency: session.currency ?? 'vnd',
        payment_status: session.paymentStatus ?? 'paid',
        payment_intent: `pi_${session.id.slice(-8)}`,
        client_reference_id: session.invoiceId,
        metadata: { invoiceId: session.invoiceId },
      },
    },
  });
  const signature = await signer.webhooks.generateTestHeaderStringAsync({ payload, secret: WEBHOOK_SECRET });
  return { payload, signature, eventId };
}
const deliver = (e: { payload: string; signature: string }) =>
  t.request('POST', '/api/v1/payments/stripe/webhook', {
    rawBody: e.payload,
    headers: { 'content-type': 'application/json', 'stripe-signature': e.signature },
  });

async function submitted(token: string, tierCode: string) {
  const created = await t.request('POST', '/api/v1/licence-applications', {
    token,
    body: { type: 'first_registration', tierCode, declarations: { ethics: true, fitness: true } },
  });
  expect(created.status).toBe(201);
  const s = await t.request('POST', `/api/v1/licence-applications/${created.body.id}/submit`, {
    token,
    body: { version: created.body.version },
  });
  expect(s.status).toBe(200);
  return s.body;
}

describe('the fee schedule', () => {
  it('refuses bad fees naming the field, and writes nothing', async () => {
    const good = {
      kind: 'first_registration',
      scope: 'provisional',
      amountMinor: 500000,
      currency: 'VND',
      effectiveFrom: TODAY,
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, currency: 'vnd' }, 'currency'],
      [{ ...good, currency: 'ABC' }, 'currency'],
      [{ ...good, amountMinor: -1 }, 'amountMinor'],
      [{ ...good, amountMinor: 1.5 }, 'amountMinor'],
      [{ ...good, amountMinor: '500000' }, 'amountMinor'],
      [{ ...good, kind: 'parking' }, 'kind'],
      [{ ...good, taxRateBp: 10001 }, 'taxRateBp'],
      [{ ...good, effectiveFrom: '2026-11-30' }, 'effectiveFrom'],
      [{ ...good, effectiveFrom: '03/12/2026' }, 'effectiveFrom'],
    ];
    for (const [body, field] of cases) {
      const r = await fee(body);
      expect([400, 422], JSON.stringify(body)).toContain(r.status);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await t.sql(`select 1 from fee`)).toHaveLength(0);
    const reviewer = await t.signIn(['reviewer']);
    expect((await t.request('POST', '/api/v1/fees', { token: reviewer.accessToken, body: good })).status).toBe(403);
  });

  it('schedules fees with tax and payment before review; a later fee takes over from its first day', async () => {
    const now = await fee({
      kind: 'first_registration',
      scope: 'provisional',
      amountMinor: 500000,
      currency: 'VND',
      taxRateBp: 1000,
      payBefore: 'review',
      effectiveFrom: TODAY,
    });
    expect(now.status).toBe(201);
    expect(now.body).toMatchObject({ inForce: true, effectiveUntil: null, formatted: '₫500,000' });
    const later = await fee({
      kind: 'first_registration',
      scope: 'provisional',
      amountMinor: 600000,
      currency: 'VND',
      taxRateBp: 1000,
      payBefore: 'review',
      effectiveFrom: '2027-07-01',
    });
    expect(later.status).toBe(201);
    expect(later.body.inForce).toBe(false);
    const other = await fee({ kind: 'renewal', amountMinor: 30000, currency: 'THB', effectiveFrom: TODAY });
    expect(other.status).toBe(422);
    expect(other.body.errors[0]).toMatchObject({ field: 'currency', message: expect.stringContaining('VND') });
    const dup = await fee({
      kind: 'first_registration',
      scope: 'provisional',
      amountMinor: 1,
      currency: 'VND',
      effectiveFrom: '2027-01-01',
    });
    expect(dup.status).toBe(409);
    const list = await t.request('GET', '/api/v1/fees?kind=first_registration', { token: registrar.accessToken });
    expect(
      list.body.items.map((f: { amountMinor: number; effectiveFrom: string; effectiveUntil: string | null }) => [
        f.amountMinor,
        f.effectiveFrom,
        f.effectiveUntil,
      ]),
    ).toEqual([
      [600000, '2027-07-01', null],
      [500000, TODAY, '2027-07-01'],
    ]);
    const inForce = await t.request('GET', '/api/v1/fees?on=2027-08-01', { token: registrar.accessToken });
    expect(inForce.body.items.map((f: { amountMinor: number }) => f.amountMinor)).toEqual([600000]);
  });
});

describe('a first registration with a fee', () => {
  let w: Awaited<ReturnType<LicensingWorld['worker']>>;
  let app: any;

  it('is invoiced on submission (numbered, fee and tax lines) and cannot be reviewed until paid', async () => {
    w = await world.worker();
    app = await submitted(w.account.accessToken, 'provisional');
    expect(app.invoice).toMatchObject({ totalMinor: 550000, currency: 'VND', status: 'open', payBefore: 'review' });
    expect(app.invoice.number).toMatch(/^INV-2026-\d{6}$/);
    const inv = await invoice(app.invoice.id, w.account.accessToken);
    expect(inv.lines.map((l: { kind: string; amountMinor: number }) => [l.kind, l.amountMinor])).toEqual([
      ['fee', 500000],
      ['tax', 50000],
    ]);
    expect(inv).toMatchObject({ balanceMinor: 550000, onlinePayment: true, dueOn: '2027-01-02', overdue: false });
    const review = await t.request('POST', `/api/v1/licence-applications/${app.id}/review`, {
      token: registrar.accessToken,
      body: { version: app.version },
    });
    expect(review.status).toBe(409);
    expect(review.body.errors[0]).toMatchObject({ field: 'invoice' });
    expect(review.body.detail).toContain(app.invoice.number);
    // Another social worker cannot see it.
    const stranger = await t.signIn(['social_worker']);
    expect((await t.request('GET', `/api/v1/invoices/${app.invoice.id}`, { token: stranger.accessToken })).status).toBe(
      403,
    );
    expect((await t.request('GET', '/api/v1/invoices', { token: stranger.accessToken })).body.total).toBe(0);
  });

  it('the social worker sees it in their own language', async () => {
    await t.sql(`update account set locale = 'vi' where id = ?`, [w.account.id]);
    const inv = await invoice(app.invoice.id, w.account.accessToken);
    expect(inv.total).toBe('550.000\u00a0₫');
    expect(inv.lines[0].description).toBe('Lệ phí đăng ký lần đầu');
    const pdf = await fetch(`${t.baseUrl}/api/v1/invoices/${app.invoice.id}/pdf`, {
      headers: { authorization: `Bearer ${w.account.accessToken}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain(`${app.invoice.number}.pdf`);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('/Lang (vi)');
  });

  it('is paid online: checkout at the provider, a signed webhook (bad signature refused, replay and a second event ignored)', async () => {
    const co = await t.request('POST', `/api/v1/invoices/${app.invoice.id}/checkout`, { token: w.account.accessToken });
    expect(co.status).toBe(201);
    expect(co.body.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const sent = api.sessions.find((s) => s.id === co.body.sessionId)!;
    expect(sent.form.get('line_items[0][price_data][unit_amount]')).toBe('550000');
    expect(sent.form.get('line_items[0][price_data][currency]')).toBe('vnd');
    expect(sent.form.get('metadata[invoiceId]')).toBe(app.invoice.id);
    expect(sent.form.get('locale')).toBe('vi');

    const session = { id: co.body.sessionId, invoiceId: app.invoice.id, amount: 550000 };
    const forged = await stripeEvent('checkout.session.completed', session);
    const tampered = await deliver({ payload: forged.payload.replace('550000', '5500'), signature: forged.signature });
    expect(tampered.status).toBe(400);
    expect(tampered.body.errors[0].field).toBe('stripe-signature');
    expect(
      (
        await t.request('POST', '/api/v1/payments/stripe/webhook', {
          rawBody: forged.payload,
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
    expect((await invoice(app.invoice.id)).paidMinor).toBe(0);

    const completed = await stripeEvent('checkout.session.completed', session);
    const first = await deliver(completed);
    expect(first.status).toBe(200);
    expect(first.body.outcome).toBe(`paid ${app.invoice.number}`);
    const replay = await deliver(completed);
    expect(replay.body.outcome).toContain('duplicate');
    const async = await deliver(await stripeEvent('checkout.session.async_payment_succeeded', session));
    expect(async.body.outcome).toBe('payment already recorded');

    const inv = await invoice(app.invoice.id);
    expect(inv).toMatchObject({ status: 'paid', paidMinor: 550000, balanceMinor: 0 });
    expect(inv.payments).toHaveLength(1);
    expect(inv.payments[0]).toMatchObject({ method: 'online', status: 'confirmed', receivedOn: expect.any(String) });
    expect(inv.payments[0].receiptNumber).toMatch(/^RCT-2026-\d{6}$/);
    const audit = await t.sql(`select action from audit_event where entity_id = ? order by occurred_at`, [
      app.invoice.id,
    ]);
    expect(audit.map((a: any) => a.action)).toEqual(['invoice.issued', 'invoice.paid-online']);
  });

  it('is reviewable once paid, and the receipt downloads', async () => {
    const review = await t.request('POST', `/api/v1/licence-applications/${app.id}/review`, {
      token: registrar.accessToken,
      body: { version: app.version },
    });
    expect(review.status).toBe(200);
    const inv = await invoice(app.invoice.id, w.account.accessToken);
    const receipt = await fetch(`${t.baseUrl}/api/v1/invoices/${inv.id}/payments/${inv.payments[0].id}/receipt`, {
      headers: { authorization: `Bearer ${w.account.accessToken}` },
    });
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get('content-disposition')).toContain(`${inv.payments[0].receiptNumber}.pdf`);
    expect(
      Buffer.from(await receipt.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('a checkout for a paid invoice is refused; money that arrives anyway is held as credit', async () => {
    const co = await t.request('POST', `/api/v1/invoices/${app.invoice.id}/checkout`, { token: w.account.accessToken });
    expect(co.status).toBe(409);
    const late = await deliver(
      await stripeEvent('checkout.session.completed', {
        id: 'cs_test_second_tab',
        invoiceId: app.invoice.id,
        amount: 550000,
      }),
    );
    expect(late.body.outcome).toBe(`recorded as credit on ${app.invoice.number}`);
    const inv = await invoice(app.invoice.id);
    expect(inv.balanceMinor).toBe(-550000);
    const refund = await t.request('POST', `/api/v1/invoices/${app.invoice.id}/refunds`, {
      token: registrar.accessToken,
      body: {
        version: inv.version,
        amountMinor: 550000,
        creditNote: false,
        method: 'bank_transfer',
        reference: 'VCB-REFUND-1',
        reason: 'Paid twice online (two browser tabs)',
        refundedOn: TODAY,
      },
    });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({ status: 'paid', balanceMinor: 0, refundedMinor: 550000 });
    expect(refund.body.refunds[0].creditNoteNumber).toBeNull();
  });

  it('the provider being down is reported, not swallowed', async () => {
    const w2 = await world.worker();
    const a2 = await submitted(w2.account.accessToken, 'provisional');
    api.setDown(true);
    try {
      const co = await t.request('POST', `/api/v1/invoices/${a2.invoice.id}/checkout`, {
        token: w2.account.accessToken,
      });
      expect(co.status).toBe(503);
      expect(co.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      api.setDown(false);
    }
  });
});

describe('staff payments, waivers, refunds and voiding', () => {
  async function anInvoice() {
    const w = await world.worker();
    const a = await submitted(w.account.accessToken, 'provisional');
    return { worker: w, app: a, inv: await invoice(a.invoice.id) };
  }
  const pay = (id: string, body: Record<string, unknown>) =>
    t.request('POST', `/api/v1/invoices/${id}/payments`, { token: registrar.accessToken, body });

  it('refuses bad payments naming the field, writing nothing; records part payments; refuses paying what is paid', async () => {
    const { inv } = await anInvoice();
    const base = { version: inv.version, method: 'cash', amountMinor: 200000, currency: 'VND', receivedOn: TODAY };
    for (const [body, field, status] of [
      [{ ...base, currency: 'THB' }, 'currency', 422],
      [{ ...base, currency: 'dong' }, 'currency', 400],
      [{ ...base, amountMinor: -5 }, 'amountMinor', 400],
      [{ ...base, amountMinor: 0.5 }, 'amountMinor', 400],
      [{ ...base, method: 'bank_transfer' }, 'reference', 400],
      [{ ...base, method: 'online' }, 'method', 400],
      [{ ...base, receivedOn: '2026-12-31' }, 'receivedOn', 422],
    ] as const) {
      const r = await pay(inv.id, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await t.sql(`select 1 from payment where invoice_id = ?`, [inv.id])).toHaveLength(0);
    const part = await pay(inv.id, base);
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({ status: 'part_paid', balanceMinor: 350000 });
    const stale = await pay(inv.id, { ...base, version: inv.version });
    expect(stale.status).toBe(409);
    const rest = await pay(inv.id, {
      ...base,
      version: part.body.version,
      method: 'bank_transfer',
      reference: 'VCB 2026120300123',
      amountMinor: 350000,
    });
    expect(rest.body).toMatchObject({ status: 'paid', balanceMinor: 0 });
    const again = await pay(inv.id, { ...base, version: rest.body.version });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('already paid');
    expect(await t.sql(`select 1 from payment where invoice_id = ?`, [inv.id])).toHaveLength(2);
  });

  it('of many clerks recording the same payment at once, exactly one succeeds', async () => {
    const { inv } = await anInvoice();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        pay(inv.id, {
          version: inv.version,
          method: 'cheque',
          reference: `CHQ-${i}`,
          amountMinor: 550000,
          currency: 'VND',
          receivedOn: TODAY,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await t.sql(`select 1 from payment where invoice_id = ?`, [inv.id])).toHaveLength(1);
  });

  it('the same webhook delivered several times at once pays once', async () => {
    const { inv } = await anInvoice();
    const e = await stripeEvent('checkout.session.completed', {
      id: `cs_test_${inv.id.slice(0, 8)}`,
      invoiceId: inv.id,
      amount: 550000,
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(e)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.body.outcome.startsWith('paid')).length).toBe(1);
    expect((await invoice(inv.id)).paidMinor).toBe(550000);
  });

  it('an overpayment is kept as credit and paid back; a waiver and a refund with a credit note are audited', async () => {
    const { inv } = await anInvoice();
    const over = await pay(inv.id, {
      version: inv.version,
      method: 'cash',
      amountMinor: 600000,
      currency: 'VND',
      receivedOn: TODAY,
    });
    expect(over.body).toMatchObject({ status: 'paid', balanceMinor: -50000 });
    const tooMuch = await t.request('POST', `/api/v1/invoices/${inv.id}/refunds`, {
      token: registrar.accessToken,
      body: {
        version: over.body.version,
        amountMinor: 60000,
        creditNote: false,
        method: 'cash',
        reason: 'Overpaid at counter',
        refundedOn: TODAY,
      },
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors[0].field).toBe('amountMinor');
    const back = await t.request('POST', `/api/v1/invoices/${inv.id}/refunds`, {
      token: registrar.accessToken,
      body: {
        version: over.body.version,
        amountMinor: 50000,
        creditNote: false,
        method: 'cash',
        reason: 'Overpaid at counter',
        refundedOn: TODAY,
      },
    });
    expect(back.body).toMatchObject({ status: 'paid', balanceMinor: 0 });
    // The application is withdrawn: half the fee goes back with a credit note.
    const cn = await t.request('POST', `/api/v1/invoices/${inv.id}/refunds`, {
      token: registrar.accessToken,
      body: {
        version: back.body.version,
        amountMinor: 275000,
        creditNote: true,
        method: 'bank_transfer',
        reference: 'VCB-RF-2',
        reason: 'Application withdrawn before review: half the fee refunded',
        refundedOn: TODAY,
      },
    });
    expect(cn.status).toBe(201);
    expect(cn.body).toMatchObject({ creditedMinor: 275000, refundedMinor: 325000, balanceMinor: 0 });
    expect(cn.body.refunds[1].creditNoteNumber).toMatch(/^CN-2026-\d{6}$/);

    const other = await anInvoice();
    const noReason = await t.request('POST', `/api/v1/invoices/${other.inv.id}/waivers`, {
      token: registrar.accessToken,
      body: { version: other.inv.version, kind: 'waiver' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const waived = await t.request('POST', `/api/v1/invoices/${other.inv.id}/waivers`, {
      token: registrar.accessToken,
      body: {
        version: other.inv.version,
        kind: 'waiver',
        reason: 'Hardship: unemployed graduate (council policy 4.2)',
      },
    });
    expect(waived.status).toBe(201);
    expect(waived.body).toMatchObject({ totalMinor: 0, balanceMinor: 0, status: 'paid' });
    expect(waived.body.lines.at(-1)).toMatchObject({
      kind: 'waiver',
      amountMinor: -550000,
      reason: expect.stringContaining('Hardship'),
    });
    // A waived fee no longer holds the application.
    expect(
      (
        await t.request('POST', `/api/v1/licence-applications/${other.app.id}/review`, {
          token: registrar.accessToken,
          body: { version: other.app.version },
        })
      ).status,
    ).toBe(200);
    const audit = await t.sql(
      `select action, after->>'reason' as reason from audit_event where entity_id = ? and action = 'invoice.waiver'`,
      [other.inv.id],
    );
    expect(audit).toEqual([{ action: 'invoice.waiver', reason: expect.stringContaining('Hardship') }]);
  });

  it('an invoice with payments cannot be voided; a void invoice cannot be paid', async () => {
    const { inv } = await anInvoice();
    const voided = await t.request('POST', `/api/v1/invoices/${inv.id}/void`, {
      token: registrar.accessToken,
      body: { version: inv.version, reason: 'Issued in error (duplicate application)' },
    });
    expect(voided.body.status).toBe('void');
    const payVoid = await pay(inv.id, {
      version: voided.body.version,
      method: 'cash',
      amountMinor: 1000,
      currency: 'VND',
      receivedOn: TODAY,
    });
    expect(payVoid.status).toBe(409);
    expect(payVoid.body.detail).toContain('void');

    const paid = await anInvoice();
    const p = await pay(paid.inv.id, {
      version: paid.inv.version,
      method: 'cash',
      amountMinor: 1000,
      currency: 'VND',
      receivedOn: TODAY,
    });
    const v = await t.request('POST', `/api/v1/invoices/${paid.inv.id}/void`, {
      token: registrar.accessToken,
      body: { version: p.body.version, reason: 'Issued in error' },
    });
    expect(v.status).toBe(409);
  });

  it('a social worker uploads proof of transfer; staff confirm it and a receipt is issued', async () => {
    const { worker, inv } = await anInvoice();
    const url = `${t.baseUrl}/api/v1/invoices/${inv.id}/proof?amountMinor=550000&receivedOn=${TODAY}&reference=VCB%20FT2633700123&filename=chuyen-khoan.pdf`;
    const up = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${worker.account.accessToken}`, 'content-type': 'application/pdf' },
      body: PDF,
    });
    expect(up.status).toBe(201);
    const pending = (await up.json()) as any;
    expect(pending.payments[0]).toMatchObject({ status: 'pending', receiptNumber: null });
    expect(pending.status).toBe('open');
    const queue = await t.request('GET', '/api/v1/invoices?pendingProof=true', { token: registrar.accessToken });
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(inv.id);
    const confirmed = await t.request(
      'POST',
      `/api/v1/invoices/${inv.id}/payments/${pending.payments[0].id}/decision`,
      {
        token: registrar.accessToken,
        body: { version: pending.version, decision: 'confirm' },
      },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('paid');
    expect(confirmed.body.payments[0].receiptNumber).toMatch(/^RCT-2026-/);
  });

  it('invoice and receipt numbers are gap-free', async () => {
    const numbers = (await t.sql(`select number from invoice order by number`)).map((r: any) =>
      Number(r.number.slice(-6)),
    );
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    const receipts = (
      await t.sql(`select receipt_number from payment where receipt_number is not null order by 1`)
    ).map((r: any) => Number(r.receipt_number.slice(-6)));
    expect(receipts).toEqual(Array.from({ length: receipts.length }, (_, i) => i + 1));
  });

  it("the day's reconciliation (JSON and CSV) and income per month add up", async () => {
    const day = await t.request('GET', `/api/v1/invoices/reconciliation?date=${TODAY}`, {
      token: registrar.accessToken,
    });
    expect(day.status).toBe(200);
    const [sum] = await t.sql(
      `select (select coalesce(sum(amount_minor), 0) from payment where status = 'confirmed')::bigint as paid,
              (select coalesce(sum(amount_minor), 0) from refund)::bigint as refunded`,
    );
    const net = day.body.totals.reduce((s: number, x: { netMinor: number }) => s + x.netMinor, 0);
    expect(net).toBe(Number(sum.paid) - Number(sum.refunded));
    expect(day.body.totals.find((x: { method: string }) => x.method === 'online')).toMatchObject({
      receivedMinor: 550000 * 3,
    });
    const csv = await fetch(`${t.baseUrl}/api/v1/invoices/reconciliation?date=${TODAY}&format=csv`, {
      headers: { authorization: `Bearer ${registrar.accessToken}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'type,date,invoice_number,document_number,billed_to,method,reference,amount_minor,amount,currency',
    );
    expect(lines).toHaveLength(day.body.rows.length + 1);
    const income = await t.request('GET', '/api/v1/invoices/income?year=2026', { token: registrar.accessToken });
    expect(income.body.months).toEqual([
      expect.objectContaining({ month: '2026-12', currency: 'VND', netMinor: Number(sum.paid) - Number(sum.refunded) }),
    ]);
    expect(
      (await t.request('GET', '/api/v1/invoices/reconciliation?date=yesterday', { token: registrar.accessToken })).body
        .errors[0].field,
    ).toBe('query.date');
  });
});

describe('a renewal in grace', () => {
  it('shows the renewal and late fee on the renewal panel, and is charged both', async () => {
    for (const [kind, amountMinor] of [
      ['renewal', 300000],
      ['late_renewal', 100000],
    ] as const)
      expect(
        (await fee({ kind, scope: 'provisional', amountMinor, currency: 'VND', effectiveFrom: TODAY })).status,
      ).toBe(201);
    const w = await world.worker();
    // A licence that expired ten days ago: in grace.
    await aLicence(t, { registrantId: w.registrantId, tier: 'provisional', from: '2023-11-23', until: '2026-11-23' });
    const panel = await t.request('GET', '/api/v1/renewals/mine', { token: w.account.accessToken });
    expect(panel.body.items[0]).toMatchObject({
      fee: { amountMinor: 300000, currency: 'VND', formatted: '₫300,000' },
      lateFee: { amountMinor: 100000, currency: 'VND' },
    });
    expect(panel.body.items[0].window.late).toBe(true);
    const created = await t.request('POST', '/api/v1/licence-applications', {
      token: w.account.accessToken,
      body: {
        type: 'renewal',
        tierCode: 'provisional',
        declarations: {
          ethics: true,
          fitness: true,
          criminalRecord: { hasRecord: false },
          employment: { employed: true, employer: 'District 3 Social Protection Centre', sector: 'social_welfare' },
        },
      },
    });
    expect(created.status).toBe(201);
    const s = await t.request('POST', `/api/v1/licence-applications/${created.body.id}/submit`, {
      token: w.account.accessToken,
      body: { version: created.body.version },
    });
    expect(s.body.invoice).toMatchObject({ totalMinor: 400000, status: 'open', payBefore: null });
    const inv = await invoice(s.body.invoice.id);
    expect(inv.lines.map((l: { description: string; amountMinor: number }) => [l.description, l.amountMinor])).toEqual([
      ['Licence renewal fee', 300000],
      ['Late renewal fee', 100000],
    ]);
  });
});

describe('schools, CPD providers and certificate reissues are charged too', () => {
  it("a school's accreditation application is invoiced to the school, which alone sees and pays it; reviewers wait for payment", async () => {
    expect(
      (
        await fee({
          kind: 'accreditation',
          scope: 'bachelor',
          amountMinor: 20_000_000,
          currency: 'VND',
          payBefore: 'review',
          effectiveFrom: TODAY,
        })
      ).status,
    ).toBe(201);
    const school = await t.signIn(['school_admin']);
    const otherSchool = await t.signIn(['school_admin']);
    const institution = await anInstitution(t, { name: 'Hue College of Social Work' });
    const programme = await aProgramme(t, {
      institutionId: institution.id,
      name: 'Bachelor of Social Work',
      level: 'bachelor',
    });
    await t.request('POST', `/api/v1/institutions/${institution.id}/admins`, {
      token: registrar.accessToken,
      body: { accountId: school.id },
    });
    const created = await t.request('POST', '/api/v1/accreditation-applications', {
      token: school.accessToken,
      body: {
        programmeId: programme.id,
        selfStudySummary: 'Self-study report covering curriculum, staff and placements.',
      },
    });
    const up = await fetch(
      `${t.baseUrl}/api/v1/accreditation-applications/${created.body.id}/documents?filename=self-study.pdf`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${school.accessToken}`, 'content-type': 'application/pdf' },
        body: PDF,
      },
    );
    expect(up.status).toBe(201);
    const current = (
      await t.request('GET', `/api/v1/accreditation-applications/${created.body.id}`, { token: school.accessToken })
    ).body;
    const sent = await t.request('POST', `/api/v1/accreditation-applications/${created.body.id}/submit`, {
      token: school.accessToken,
      body: { version: current.version },
    });
    expect(sent.status).toBe(200);
    const mine = await t.request('GET', '/api/v1/invoices', { token: school.accessToken });
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        payerType: 'institution',
        payerId: institution.id,
        billedTo: 'Hue College of Social Work',
        totalMinor: 20_000_000,
      }),
    ]);
    const inv = mine.body.items[0];
    expect((await t.request('GET', '/api/v1/invoices', { token: otherSchool.accessToken })).body.total).toBe(0);
    expect((await t.request('GET', `/api/v1/invoices/${inv.id}`, { token: otherSchool.accessToken })).status).toBe(403);
    const reviewer = await t.signIn(['reviewer']);
    const assign = await t.request('POST', `/api/v1/accreditation-applications/${created.body.id}/reviewers`, {
      token: registrar.accessToken,
      body: { version: sent.body.version, reviewerIds: [reviewer.id] },
    });
    expect(assign.status).toBe(409);
    expect(assign.body.errors[0].field).toBe('invoice');
    const paid = await t.request('POST', `/api/v1/invoices/${inv.id}/payments`, {
      token: registrar.accessToken,
      body: {
        version: inv.version,
        method: 'bank_transfer',
        reference: 'BIDV 778812',
        amountMinor: 20_000_000,
        currency: 'VND',
        receivedOn: TODAY,
      },
    });
    expect(paid.body.status).toBe('paid');
    const assigned = await t.request('POST', `/api/v1/accreditation-applications/${created.body.id}/reviewers`, {
      token: registrar.accessToken,
      body: { version: sent.body.version, reviewerIds: [reviewer.id] },
    });
    expect(assigned.status).toBe(200);
  });

  it('approving a CPD provider charges its approval fee to the provider', async () => {
    expect(
      (await fee({ kind: 'cpd_provider', amountMinor: 2_000_000, currency: 'VND', effectiveFrom: TODAY })).status,
    ).toBe(201);
    const p = await t.request('POST', '/api/v1/cpd/providers', {
      token: registrar.accessToken,
      body: { name: 'Da Nang Practice Learning Centre', contactEmail: 'cpd@dnplc.example', approvedFrom: TODAY },
    });
    expect(p.status).toBe(201);
    const providerAccount = await t.signIn(['cpd_provider']);
    await t.request('POST', `/api/v1/cpd/providers/${p.body.id}/accounts`, {
      token: registrar.accessToken,
      body: { accountId: providerAccount.id },
    });
    const list = await t.request('GET', '/api/v1/invoices', { token: providerAccount.accessToken });
    expect(list.body.items).toEqual([
      expect.objectContaining({
        payerType: 'cpd_provider',
        payerId: p.body.id,
        totalMinor: 2_000_000,
        subjectType: 'cpd_provider',
      }),
    ]);
  });

  it('a certificate reissue is charged to the holder, who is told by e-mail in their language', async () => {
    expect(
      (await fee({ kind: 'certificate_reissue', amountMinor: 100_000, currency: 'VND', effectiveFrom: TODAY })).status,
    ).toBe(201);
    const w = await world.worker();
    await t.sql(`update account set locale = 'vi' where id = ?`, [w.account.id]);
    const l = await aLicence(t, {
      registrantId: w.registrantId,
      tier: 'provisional',
      from: '2026-01-01',
      until: '2029-12-31',
    });
    const r = await t.request('POST', `/api/v1/licences/${l.id}/certificates/wallet-card/reissue`, {
      token: registrar.accessToken,
      body: { reason: 'Card lost in a flood.' },
    });
    expect(r.status).toBe(201);
    const mine = await t.request('GET', '/api/v1/invoices', { token: w.account.accessToken });
    expect(mine.body.items).toEqual([
      expect.objectContaining({ subjectType: 'certificate_issuance', totalMinor: 100_000 }),
    ]);
    const [mail] = await t.sql(
      `select to_address, locale, subject, text_body from outbox_message where idempotency_key = ?`,
      [`invoice:${mine.body.items[0].id}:issued`],
    );
    expect(mail).toMatchObject({ to_address: w.account.email, locale: 'vi' });
    expect(mail.subject).toBe(`Hóa đơn ${mine.body.items[0].number}: 100.000\u00a0₫, hạn nộp 2 tháng 1, 2027`);
    expect(mail.text_body).toContain('http://registry.test/#/my-fees');
  });
});
