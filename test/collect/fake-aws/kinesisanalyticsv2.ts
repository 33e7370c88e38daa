import type { AccountState } from './state.js';
import { json, jsonError, page, type Reply } from './wire.js';

const notFound = (name: string) => jsonError('ResourceNotFoundException', `Application ${name} is not found.`, 400);

/** Kinesis Data Analytics v2 (JSON 1.1, target prefix KinesisAnalytics_20180523): applications and their tags. */
export function kinesisanalyticsv2(state: AccountState, op: string, body: Record<string, unknown>, pageSize: number | undefined): Reply | undefined {
  const apps = [...(state.analyticsApplications ?? [])].sort((a, b) => a.detail.ApplicationName.localeCompare(b.detail.ApplicationName));
  switch (op) {
    case 'ListApplications': {
      const { items, next } = page(apps, body.NextToken as string | undefined, pageSize);
      const summaries = items.map(({ detail: d }) => ({
        ApplicationName: d.ApplicationName,
        ApplicationARN: d.ApplicationARN,
        ApplicationStatus: d.ApplicationStatus,
        ApplicationVersionId: d.ApplicationVersionId,
        RuntimeEnvironment: d.RuntimeEnvironment,
        ...(d.ApplicationMode ? { ApplicationMode: d.ApplicationMode } : {}),
      }));
      return json({ ApplicationSummaries: summaries, ...(next ? { NextToken: next } : {}) });
    }
    case 'DescribeApplication': {
      const app = apps.find((a) => a.detail.ApplicationName === body.ApplicationName);
      return app ? json({ ApplicationDetail: app.detail }) : notFound(String(body.ApplicationName));
    }
    case 'ListTagsForResource': {
      const app = apps.find((a) => a.detail.ApplicationARN === body.ResourceARN);
      return app ? json({ Tags: Object.entries(app.tags).map(([Key, Value]) => ({ Key, Value })) }) : notFound(String(body.ResourceARN));
    }
    default:
      return undefined;
  }
}
