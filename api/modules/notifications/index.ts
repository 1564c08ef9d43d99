/**
 * E-mail: the outbox, its sender, templates and the mail transport.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { queueEmail, type EmailRequest } from './notification.service.js';
export { drainOutbox, backoffMs, type DrainResult } from './outbox.sender.js';
export { createMailTransport } from './mail-transport.js';
export { OutboxMessage } from './outbox-message.entity.js';
export { renderEmail, escapeHtml } from './templates.js';
export { outboxRoutes } from './outbox.routes.js';
