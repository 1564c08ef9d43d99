/** The SMTP transport from SMTP_URL; without one (development only) messages are written to the log. */
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';

/**
 * How long the mail server may take to accept a connection, to greet, and to answer each step. A
 * server that stops answering otherwise holds a message (and its outbox row) for up to ten minutes
 * (nodemailer's defaults); past these it is treated as unreachable and the message waits. Query
 * parameters of SMTP_URL (`?greetingTimeout=30000`) override them.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

export function createMailTransport(smtpUrl: string | undefined, log: Logger): Transporter {
  if (smtpUrl) return nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
  const transport = nodemailer.createTransport({ jsonTransport: true });
  const send = transport.sendMail.bind(transport);
  transport.sendMail = (async (mail: SendMailOptions) => {
    const info = await send(mail);
    log.info(
      { to: mail.to, subject: mail.subject, text: mail.text },
      'e-mail (no SMTP_URL set: written to the log instead of sent)',
    );
    return info;
  }) as typeof transport.sendMail;
  return transport;
}
