/**
 * The subset of SARIF 2.1.0 that sealcheck writes. Names follow the OASIS
 * specification; see docs/reports.md for how each field is filled.
 */

export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; 'security-severity': string; precision: string; [key: string]: unknown };
}

export interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
  logicalLocations: { fullyQualifiedName: string; name?: string; kind: string }[];
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  /** `pass` only for findings of the baseline that this run no longer has (`baselineState: 'absent'`). */
  kind: 'fail' | 'open' | 'pass';
  message: SarifMessage;
  locations: [SarifLocation];
  partialFingerprints: { primaryLocationLineHash: string };
  fingerprints: Record<string, string>;
  suppressions?: { kind: 'external'; status: 'accepted'; justification: string }[];
  baselineState?: 'new' | 'unchanged' | 'updated' | 'absent';
  properties: Record<string, unknown>;
}

export interface SarifNotification {
  level: SarifLevel;
  message: SarifMessage;
  descriptor?: { id: string };
  associatedRule?: { id: string; index?: number };
  locations?: { logicalLocations: { fullyQualifiedName: string; kind: string }[] }[];
  properties?: Record<string, unknown>;
}

export interface SarifRun {
  tool: { driver: { name: string; semanticVersion: string; version: string; informationUri?: string; rules: SarifReportingDescriptor[] } };
  automationDetails: { id: string; description: SarifMessage };
  invocations: { executionSuccessful: boolean; startTimeUtc?: string; endTimeUtc?: string; toolExecutionNotifications: SarifNotification[] }[];
  results: SarifResult[];
  properties: Record<string, unknown>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [SarifRun];
}
