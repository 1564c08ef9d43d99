/** The SMTP transport from SMTP_URL; without one (development only) messages are written to the log. */
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';

export function createMailTransport(smtpUrl: string | undefined, log: Logger): Transporter {
  if (smtpUrl) return nodemailer.createTransport(smtpUrl);
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
