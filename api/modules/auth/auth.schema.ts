import { z } from 'zod';
import { listQuery, listOf } from '../../http/schemas.js';
import { ROLES } from './auth.permissions.js';

export const email = z
  .email()
  .max(254)
  .meta({ example: 'registrar@council.example', description: 'E-mail address (the sign-in name)' });
export const password = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(200)
  .describe('The new password: at least 12 characters, not a commonly used one');

export const signInBody = z
  .object({ email, password: z.string().min(1).max(200).describe("The account's password") })
  .meta({ id: 'SignInRequest' });
const mfaToken = z
  .string()
  .min(10)
  .max(2000)
  .describe('The token the sign-in answered with, valid for a few minutes, naming the step it continues');
export const mfaVerifyBody = z
  .object({
    mfaToken,
    code: z.string().min(6).max(20).describe('The 6-digit code of the authenticator app, or a one-time recovery code'),
  })
  .meta({ id: 'MfaVerifyRequest' });
export const mfaEnrolBody = z.object({ mfaToken }).meta({ id: 'MfaEnrolmentRequest' });
export const resetRequestBody = z.object({ email }).meta({ id: 'PasswordResetRequest' });
export const resetConfirmBody = z
  .object({ token: z.string().min(20).max(200).describe('The token from the link in the reset e-mail'), password })
  .meta({ id: 'PasswordResetConfirm' });

export const role = z.enum(ROLES);

export const accountOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    email: z.string().describe("The account's e-mail address (its sign-in name)"),
    displayName: z.string().describe('Name shown for the account'),
    roles: z.array(z.string()).describe('What the account may do'),
    mfaEnabled: z.boolean().describe('Whether a second factor (authenticator app) is set up'),
    locale: z.string().describe("The account's language, for the interface, e-mails and documents"),
  })
  .meta({ id: 'Account' });

export const signedInOut = z
  .object({
    status: z.literal('signed-in').describe('signed-in'),
    accessToken: z.string().describe('Bearer token for the API (a short-lived JWT)'),
    expiresIn: z.number().int().describe('Seconds until the access token expires (a refresh cookie renews it)'),
    account: accountOut.describe('The signed-in account'),
    recoveryCodes: z.array(z.string()).optional().describe('One-time recovery codes, shown once: keep them safe'),
  })
  .meta({ id: 'SignedIn' });

export const signInOut = z
  .union([
    signedInOut,
    z.object({
      status: z
        .enum(['mfa-required', 'mfa-enrolment-required'])
        .describe('mfa-required: send a code; mfa-enrolment-required: set up an authenticator app first'),
      mfaToken: z.string().describe('Send it back with the code (or to enrol) to finish signing in'),
    }),
  ])
  .meta({ id: 'SignInResult' });

export const enrolmentOut = z
  .object({
    secret: z.string().describe('The TOTP secret in base32, for typing into an authenticator app'),
    otpauthUri: z.string().describe('The otpauth:// URI authenticator apps read'),
    qrDataUrl: z.string().describe('The same URI as a QR code (a data: URL of a PNG image)'),
  })
  .meta({ id: 'MfaEnrolment' });
export const recoveryCodesOut = z
  .object({
    recoveryCodes: z
      .array(z.string())
      .describe('One-time recovery codes, shown once: each signs in once without the app'),
  })
  .meta({ id: 'RecoveryCodes' });

// Account administration
export const managedAccountOut = accountOut
  .extend({
    status: z.enum(['active', 'disabled']).describe('active, or disabled (cannot sign in)'),
    createdAt: z.iso.datetime().describe('When the account was created'),
    version: z.number().int().describe('Version of the record, for a conditional update'),
  })
  .meta({ id: 'ManagedAccount' });
export const accountListOut = listOf(managedAccountOut, 'ManagedAccountList');
export const accountListQuery = listQuery(['email', 'displayName', 'createdAt']).extend({
  role: role.optional().describe('Only accounts with this role'),
  status: z.enum(['active', 'disabled']).optional().describe('Only active or only disabled accounts'),
});
export type AccountListQuery = z.infer<typeof accountListQuery>;
export const accountCreateBody = z
  .object({
    email,
    displayName: z.string().trim().min(1).max(200).describe('Name shown for the account'),
    roles: z.array(role).min(1).max(ROLES.length).describe('What the account may do'),
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
      .default('en')
      .describe("The account's language (a catalogue the registry has, e.g. vi or th); English when left out"),
  })
  .meta({ id: 'AccountCreate' });
export const accountUpdateBody = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional().describe('Name shown for the account'),
    roles: z.array(role).min(1).max(ROLES.length).optional().describe('What the account may do'),
    status: z.enum(['active', 'disabled']).optional().describe('active, or disabled (cannot sign in)'),
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
      .optional()
      .describe("The account's language for the interface, e-mails and documents"),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'AccountUpdate' });

/** Single sign-on (OpenID Connect) settings, as an admin sets them. */
export const oidcSettingsBody = z
  .object({
    enabled: z.boolean().describe("Whether staff may sign in with the council's identity provider"),
    label: z.string().trim().min(2).max(60).describe('The button on the sign-in page, e.g. "Microsoft Entra ID"'),
    issuer: z.url().describe("The directory's issuer (discovery at /.well-known/openid-configuration)"),
    clientId: z.string().trim().min(1).max(300).describe('Client id registered with the identity provider'),
    clientSecret: z.string().min(1).max(1000).optional().describe('Leave out to keep the secret already set'),
    roleClaim: z.string().trim().min(1).max(100).default('roles').describe('The ID token claim with roles or groups'),
    roleMap: z
      .record(z.string().min(1).max(300), role)
      .describe('Directory role or group → registry role, e.g. {"Registry.Registrars": "registrar"}'),
    allowedRoles: z.array(role).min(1).describe('Registry roles that may sign in with the directory'),
    mfaAmr: z
      .array(z.string().min(1).max(50))
      .max(50)
      .default(['mfa', 'otp', 'hwk', 'swk', 'sc', 'fpt', 'face', 'iris', 'retina', 'vbm'])
      .describe('amr values (RFC 8176) that prove a second factor'),
    mfaAcr: z.array(z.string().min(1).max(300)).max(50).default([]).describe('acr values that prove a second factor'),
  })
  .meta({ id: 'OidcSettingsUpdate' });
export const oidcSettingsOut = oidcSettingsBody
  .omit({ clientSecret: true })
  .extend({
    clientSecretSet: z.boolean().describe('Whether a client secret is stored (it is never shown)'),
    redirectUri: z.url().describe('Register this redirect URI with the directory'),
  })
  .meta({ id: 'OidcSettings' });
export const oidcPublicOut = z
  .object({
    enabled: z.boolean().describe("Whether the sign-in page offers the council's identity provider"),
    label: z.string().nullable().describe('The text of its button, e.g. "Microsoft Entra ID"'),
  })
  .meta({ id: 'OidcSignInOption' });
