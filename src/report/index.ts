// The daily security report: `buildDailyReport(inputs)` turns the capabilities' results into Markdown, JSON and one HTML page.
export { buildDailyReport, threatFindings } from './build.js';
export { escapeHtml } from './html.js';
export type { CloudInput, DailyReport, ReportInputs, ReportSummary, SectionInput, SectionSummary, ThreatInput, ThreatsInput } from './types.js';
