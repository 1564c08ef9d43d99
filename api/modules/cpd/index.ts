export { cpdRoutes } from './cpd.routes.js';
export { cpdComplianceFor, progressOf, readCpdSettings } from './cpd.service.js';
export { cpdProgress, carryOver, type CpdRules, type CpdProgress } from './cpd.rules.js';
export { drawSample, drawKey, DRAW_ALGORITHM } from './cpd.draw.js';
export { CpdRecord, CpdActivity, CpdProvider, CpdAuditRound, CpdAuditSelection } from './cpd.entity.js';
