// Reports on logs: a bounded-memory builder fed with GpsEvents, and text / HTML renderings.
export { createReportBuilder, fixClassOf, FIX_CLASSES, type ReportBuilder, type ReportBuilderOptions } from "./builder.js";
export { formatReportText, formatDistance } from "./text.js";
export { formatDuration } from "../format.js";
export { renderReportHtml, type ReportHtmlOptions } from "./html.js";
export type * from "./types.js";
export { createReportDiagnosis, type ReportDiagnosis, type ReportDiagnosisOptions } from "./diagnosis.js";
export {
  createTruthAccumulator,
  parseTruthPoint,
  truthAt,
  truthError,
  type Truth,
  type TruthPoint,
  type TruthError,
  type TruthSummary,
  type TruthPlotData,
  type ErrorStatistics,
} from "./truth.js";
