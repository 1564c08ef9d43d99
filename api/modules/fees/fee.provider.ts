/**
 * Online payment through a hosted checkout. The registry talks to one interface; the adapter here
 * is Stripe Checkout (the `stripe` package): a Checkout Session per payment, and signed webhook
 * events telling the registry that a session was paid. The registry never sees card details.
 *
 * Amounts are ISO 4217 minor units, which is what Stripe takes for every ASEAN currency (VND is
 * zero-decimal in both).
 */
import Stripe from 'stripe';
import { UnavailableError, UnreadableInputError } from '../../shared/errors.js';

export type CheckoutRequest = {
  invoiceId: string;
  invoiceNumber: string;
  description: string;
  amountMinor: number;
  currency: string;
  email: string | null;
  locale: string;
  successUrl: string;
  cancelUrl: string;
};
export type Checkout = { url: string; sessionId: string; expiresAt: string | null };

/** What a provider event means for the registry. */
export type ProviderEvent = {
  id: string;
  type: string;
  /** Present when money was received: the session it was received for. */
  paid: null | {
    sessionId: string;
    invoiceId: string | null;
    amountMinor: number;
    currency: string;
    reference: string | null;
    receivedAt: Date;
  };
};

export interface PaymentProvider {
  readonly name: string;
  createCheckout(req: CheckoutRequest): Promise<Checkout>;
  /** Verifies the signature and reads the event; a forged or stale event is refused (400). */
  readEvent(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<ProviderEvent>;
}

/** Checkout's own languages among the registry's (Stripe falls back to the browser's otherwise). */
const CHECKOUT_LOCALES = new Set(['en', 'vi', 'th', 'id', 'ms', 'fil']);

export function stripeProvider(opts: {
  secretKey: string;
  webhookSecret: string;
  /** Another API address (a proxy, or a local server in tests); default api.stripe.com. */
  apiUrl?: string;
  timeoutMs?: number;
}): PaymentProvider {
  const api = opts.apiUrl ? new URL(opts.apiUrl) : null;
  const stripe = new Stripe(opts.secretKey, {
    maxNetworkRetries: 2,
    timeout: opts.timeoutMs ?? 10_000,
    ...(api
      ? { host: api.hostname, port: api.port || undefined, protocol: api.protocol === 'http:' ? 'http' : 'https' }
      : {}),
  });
  return {
    name: 'stripe',
    async createCheckout(req) {
      try {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            client_reference_id: req.invoiceId,
            metadata: { invoiceId: req.invoiceId, invoiceNumber: req.invoiceNumber },
            payment_intent_data: { metadata: { invoiceId: req.invoiceId, invoiceNumber: req.invoiceNumber } },
            ...(req.email ? { customer_email: req.email } : {}),
            locale: (CHECKOUT_LOCALES.has(req.locale) ? req.locale : 'auto') as 'auto',
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: req.currency.toLowerCase(),
                  unit_amount: req.amountMinor,
                  product_data: { name: `${req.invoiceNumber} — ${req.description}`.slice(0, 250) },
                },
              },
            ],
            success_url: req.successUrl,
            cancel_url: req.cancelUrl,
          },
          // The same invoice and amount asked twice at once gives one session.
          { idempotencyKey: `checkout:${req.invoiceId}:${req.amountMinor}:${Math.floor(Date.now() / 60_000)}` },
        );
        if (!session.url) throw new Error('the checkout session has no URL');
        return {
          url: session.url,
          sessionId: session.id,
          expiresAt: session.expires_at ? new Date(session.expires_at * 1000).toISOString() : null,
        };
      } catch (e) {
        throw new UnavailableError(
          `The payment provider did not answer (${(e as Error).message}); try again in a minute`,
        );
      }
    },
    async readEvent(rawBody, headers) {
      const signature = headers['stripe-signature'];
      const refuse = (message: string) =>
        new UnreadableInputError(`The Stripe-Signature header ${message}`, [{ field: 'stripe-signature', message }]);
      if (typeof signature !== 'string') throw refuse('is missing');
      let event: Stripe.Event;
      try {
        event = await stripe.webhooks.constructEventAsync(rawBody, signature, opts.webhookSecret);
      } catch (e) {
        throw refuse(`does not verify: ${(e as Error).message}`);
      }
      const paidTypes = ['checkout.session.completed', 'checkout.session.async_payment_succeeded'];
      if (!paidTypes.includes(event.type)) return { id: event.id, type: event.type, paid: null };
      const s = event.data.object as Stripe.Checkout.Session;
      if (s.payment_status !== 'paid') return { id: event.id, type: event.type, paid: null };
      return {
        id: event.id,
        type: event.type,
        paid: {
          sessionId: s.id,
          invoiceId: s.metadata?.invoiceId ?? s.client_reference_id ?? null,
          amountMinor: s.amount_total ?? 0,
          currency: (s.currency ?? '').toUpperCase(),
          reference: typeof s.payment_intent === 'string' ? s.payment_intent : (s.payment_intent?.id ?? s.id),
          receivedAt: new Date(event.created * 1000),
        },
      };
    },
  };
}
