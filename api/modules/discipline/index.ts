/**
 * Fitness-to-practise cases, sanctions and their publication.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { disciplineRoutes } from './discipline.routes.js';
export {
  disciplineJobs,
  publishedSanctionsFor,
  applySanctions,
  sweepPublication,
  removeExpiredFormTokens,
  type PublishedSanction,
} from './discipline.jobs.js';
export {
  ComplaintFormToken,
  DisciplineCase,
  DisciplineSanction,
  DisciplineCaseEvent,
  DisciplineConflict,
  DisciplinePanelMember,
  DisciplineSettings,
} from './discipline.entity.js';
export { CASE_TRANSITIONS, OUTCOME_TYPES, PRECEDENCE, type OutcomeType, type CaseStage } from './discipline.rules.js';
