/**
 * Continuing professional development: rules, records, providers, transcripts and audit rounds.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { cpdRoutes } from './cpd.routes.js';
export { cpdComplianceFor, progressOf, readCpdSettings } from './cpd.service.js';
export { cpdProgress, carryOver, type CpdRules, type CpdProgress } from './cpd.rules.js';
export { drawSample, drawKey, DRAW_ALGORITHM } from './cpd.draw.js';
export {
  CpdRecord,
  CpdActivity,
  CpdProvider,
  CpdAuditRound,
  CpdAuditSelection,
  CpdExemption,
  CpdProviderAccount,
  CpdRoster,
  CpdRuleSet,
  CpdSettings,
} from './cpd.entity.js';
