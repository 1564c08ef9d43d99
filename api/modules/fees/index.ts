/**
 * Fees and payments: the fee schedule, invoices numbered gap-free, payments (staff, proof of
 * transfer, online checkout), waivers, refunds and credit notes, receipts, reconciliation, income.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { Fee, Invoice, InvoiceLine, Payment, Refund, PaymentEvent, FeeNumberCounter } from './fee.entity.js';
export { feeRoutes } from './fee.routes.js';
export { feeService, type FeeService } from './fee.service.js';
export { chargeFor, assertPaidBefore, renewalFees, feeInForce } from './fee.charges.js';
export { stripeProvider, type PaymentProvider } from './fee.provider.js';
export { FEE_KINDS, balance, feeKindFor, formatMoney, minorDigits, type FeeKind } from './fee.rules.js';
