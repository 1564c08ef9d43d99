/** The explicit entity list (no folder scanning). */
import {
  Account,
  AuthSession,
  PasswordReset,
  PasswordResetRequest,
  RecoveryCode,
  RefreshToken,
  SigningKey,
  RateLimitBucket,
} from './modules/auth/index.js';
import { AuditChainHead, AuditEvent } from './modules/audit/index.js';
import { Council, CpdCategory, Tier } from './modules/council/index.js';
import { OutboxMessage } from './modules/notifications/index.js';
import { JobRun } from './jobs/job-run.entity.js';
import { Document } from './modules/documents/index.js';
import {
  Accreditation,
  AccreditationApplication,
  AccreditationCondition,
  Graduate,
  GraduateUpload,
  Institution,
  InstitutionAdmin,
  Programme,
} from './modules/accreditation/index.js';
import { IdentityChange, Qualification, Registrant } from './modules/registrants/index.js';
import {
  Licence,
  LicenceCondition,
  LicenceEvent,
  LicenceNumberCounter,
  LicencePeriod,
} from './modules/licences/index.js';
import { ExamResult, LicenceApplication } from './modules/applications/index.js';
import { SupervisionEntry } from './modules/supervision/index.js';
import {
  CredentialNonce,
  CredentialOffer,
  CredentialStatusEntry,
  MraLookup,
  MraPeer,
  MraSeenRequest,
} from './modules/mra/index.js';
import {
  CpdActivity,
  CpdAuditRound,
  CpdAuditSelection,
  CpdExemption,
  CpdProvider,
  CpdProviderAccount,
  CpdRecord,
  CpdRoster,
  CpdRuleSet,
  CpdSettings,
} from './modules/cpd/index.js';
import {
  ComplaintFormToken,
  DisciplineCase,
  DisciplineCaseEvent,
  DisciplineConflict,
  DisciplinePanelMember,
  DisciplineSanction,
  DisciplineSettings,
} from './modules/discipline/index.js';
import { CertificateIssuance } from './modules/certificates/index.js';
import { PopulationFigure, ReportLicence, ReportPersonYear } from './modules/reports/index.js';
import { ImportJob } from './modules/imports/index.js';
import { LicenceVerificationCount, PublicRegisterEntry, PublicRegisterLabel } from './modules/verification/index.js';
import {
  EmployerApiKey,
  EmployerMember,
  EmployerOrganisation,
  WatchEntry,
  WatchNotification,
  WatchScanCursor,
} from './modules/employers/index.js';

import { Fee, FeeNumberCounter, Invoice, InvoiceLine, Payment, PaymentEvent, Refund } from './modules/fees/index.js';

export const entities = [
  Account,
  AuthSession,
  RefreshToken,
  PasswordReset,
  PasswordResetRequest,
  RecoveryCode,
  SigningKey,
  RateLimitBucket,
  AuditEvent,
  AuditChainHead,
  Council,
  Tier,
  CpdCategory,
  OutboxMessage,
  JobRun,
  Document,
  Institution,
  InstitutionAdmin,
  Programme,
  AccreditationApplication,
  Accreditation,
  AccreditationCondition,
  GraduateUpload,
  Graduate,
  Registrant,
  Qualification,
  IdentityChange,
  Licence,
  LicencePeriod,
  LicenceEvent,
  LicenceCondition,
  LicenceNumberCounter,
  LicenceApplication,
  ExamResult,
  SupervisionEntry,
  MraPeer,
  MraLookup,
  MraSeenRequest,
  CredentialStatusEntry,
  CredentialOffer,
  CredentialNonce,
  DisciplineCase,
  DisciplineCaseEvent,
  ComplaintFormToken,
  DisciplinePanelMember,
  DisciplineConflict,
  DisciplineSanction,
  DisciplineSettings,
  CertificateIssuance,
  CpdRuleSet,
  CpdSettings,
  CpdProvider,
  CpdProviderAccount,
  CpdActivity,
  CpdRoster,
  CpdRecord,
  CpdExemption,
  CpdAuditRound,
  CpdAuditSelection,
  PopulationFigure,
  ReportLicence,
  ReportPersonYear,
  ImportJob,
  EmployerOrganisation,
  EmployerMember,
  EmployerApiKey,
  WatchEntry,
  WatchNotification,
  WatchScanCursor,
  LicenceVerificationCount,
  PublicRegisterEntry,
  PublicRegisterLabel,
  Fee,
  Invoice,
  InvoiceLine,
  Payment,
  Refund,
  PaymentEvent,
  FeeNumberCounter,
];
