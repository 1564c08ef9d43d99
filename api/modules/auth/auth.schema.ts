import { z } from 'zod';
import { listQuery, listOf } from '../../http/schemas.js';
import { ROLES } from './auth.permissions.js';

export const email = z.email().max(254).meta({ example: 'registrar@council.example' });
export const password = z.string().min(12, 'must be at least 12 characters').max(200);

export const signInBody = z.object({ email, password: z.string().min(1).max(200) }).meta({ id: 'SignInRequest' });
export const mfaVerifyBody = z
  .object({ mfaToken: z.string().min(10).max(2000), code: z.string().min(6).max(20) })
  .meta({ id: 'MfaVerifyRequest' });
export const mfaEnrolBody = z.object({ mfaToken: z.string().min(10).max(2000) }).meta({ id: 'MfaEnrolmentRequest' });
export const resetRequestBody = z.object({ email }).meta({ id: 'PasswordResetRequest' });
export const resetConfirmBody = z
  .object({ token: z.string().min(20).max(200), password })
  .meta({ id: 'PasswordResetConfirm' });

export const role = z.enum(ROLES);

export const accountOut = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    roles: z.array(z.string()),
    mfaEnabled: z.boolean(),
    locale: z.string(),
  })
  .meta({ id: 'Account' });

export const signedInOut = z
  .object({
    status: z.literal('signed-in'),
    accessToken: z.string(),
    expiresIn: z.number().int(),
    account: accountOut,
    recoveryCodes: z.array(z.string()).optional(),
  })
  .meta({ id: 'SignedIn' });

export const signInOut = z
  .union([signedInOut, z.object({ status: z.enum(['mfa-required', 'mfa-enrolment-required']), mfaToken: z.string() })])
  .meta({ id: 'SignInResult' });

export const enrolmentOut = z
  .object({ secret: z.string(), otpauthUri: z.string(), qrDataUrl: z.string() })
  .meta({ id: 'MfaEnrolment' });
export const recoveryCodesOut = z.object({ recoveryCodes: z.array(z.string()) }).meta({ id: 'RecoveryCodes' });

// Account administration
export const managedAccountOut = accountOut
  .extend({ status: z.enum(['active', 'disabled']), createdAt: z.iso.datetime(), version: z.number().int() })
  .meta({ id: 'ManagedAccount' });
export const accountListOut = listOf(managedAccountOut, 'ManagedAccountList');
export const accountListQuery = listQuery(['email', 'displayName', 'createdAt']).extend({
  role: role.optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type AccountListQuery = z.infer<typeof accountListQuery>;
export const accountCreateBody = z
  .object({
    email,
    displayName: z.string().trim().min(1).max(200),
    roles: z.array(role).min(1).max(ROLES.length),
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
      .default('en'),
  })
  .meta({ id: 'AccountCreate' });
export const accountUpdateBody = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    roles: z.array(role).min(1).max(ROLES.length).optional(),
    status: z.enum(['active', 'disabled']).optional(),
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
      .optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'AccountUpdate' });

/** Single sign-on (OpenID Connect) settings, as an admin sets them. */
export const oidcSettingsBody = z
  .object({
    enabled: z.boolean(),
    label: z.string().trim().min(2).max(60).describe('The button on the sign-in page, e.g. "Microsoft Entra ID"'),
    issuer: z.url().describe("The directory's issuer (discovery at /.well-known/openid-configuration)"),
    clientId: z.string().trim().min(1).max(300),
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
    clientSecretSet: z.boolean(),
    redirectUri: z.url().describe('Register this redirect URI with the directory'),
  })
  .meta({ id: 'OidcSettings' });
export const oidcPublicOut = z
  .object({ enabled: z.boolean(), label: z.string().nullable() })
  .meta({ id: 'OidcSignInOption' });
