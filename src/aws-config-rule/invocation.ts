import { InputError, clip } from '../errors.js';
import { isRecord } from '../inventory/config-map/cursor.js';

/** How AWS Config invoked the rule: a configuration item, a summary of an oversized one, or the periodic trigger. */
export type Invocation =
  | { kind: 'change'; item: Record<string, unknown>; common: InvocationCommon }
  | { kind: 'oversized'; summary: ItemSummary; common: InvocationCommon }
  | { kind: 'scheduled'; notifiedAt: Date; common: InvocationCommon };

/** What every invocation event carries. */
export interface InvocationCommon {
  resultToken: string;
  /** The rule's `InputParameters`, still as JSON text (or undefined when the rule has none). */
  ruleParameters: string | undefined;
  /** True when the resource is no longer in the rule's scope: its evaluation is NOT_APPLICABLE. */
  eventLeftScope: boolean;
  accountId: string | undefined;
  /** The Region of the Config rule (from `configRuleArn`): where its Config data is read. */
  region: string | undefined;
}

/** The fields of an oversized item's summary that name the resource and its version. */
export interface ItemSummary {
  resourceType: string;
  resourceId: string;
  status: string | undefined;
  capturedAt: Date;
}

const WHERE = 'AWS Config invocation event';

function text(obj: Record<string, unknown>, key: string, where: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || v === '') throw new InputError(`${WHERE}: ${where}/${key}: missing or not a string`);
  return v;
}

function optionalText(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InputError(`${WHERE}: ${where}/${key}: not a string`);
  return v;
}

/** A time AWS Config wrote (ISO text, as its examples show); anything else is malformed input. */
export function timeOf(value: unknown, where: string): Date {
  const t = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(t)) throw new InputError(`${WHERE}: ${where}: missing or not a time`);
  return new Date(t);
}

/**
 * Reads the event AWS Config sends to a custom Lambda rule. `invokingEvent` is JSON text inside the event;
 * a message type other than the three a rule can be triggered by is an error, as is anything malformed.
 */
export function readInvocation(event: unknown): Invocation {
  if (!isRecord(event)) throw new InputError(`${WHERE}: /: not an object`);
  const raw = text(event, 'invokingEvent', '');
  let invoking: unknown;
  try {
    invoking = JSON.parse(raw);
  } catch {
    throw new InputError(`${WHERE}: /invokingEvent: not valid JSON`);
  }
  if (!isRecord(invoking)) throw new InputError(`${WHERE}: /invokingEvent: not a JSON object`);
  const left = event.eventLeftScope;
  if (left !== undefined && typeof left !== 'boolean') throw new InputError(`${WHERE}: /eventLeftScope: not a boolean`);
  const common: InvocationCommon = {
    resultToken: text(event, 'resultToken', ''),
    ruleParameters: optionalText(event, 'ruleParameters', ''),
    eventLeftScope: left === true,
    accountId: optionalText(event, 'accountId', '') ?? optionalText(invoking, 'awsAccountId', '/invokingEvent'),
    region: optionalText(event, 'configRuleArn', '')?.split(':')[3] || undefined,
  };
  const type = text(invoking, 'messageType', '/invokingEvent');
  switch (type) {
    case 'ConfigurationItemChangeNotification': {
      const item = invoking.configurationItem;
      if (!isRecord(item)) throw new InputError(`${WHERE}: /invokingEvent/configurationItem: missing or not an object`);
      return { kind: 'change', item, common };
    }
    case 'OversizedConfigurationItemChangeNotification': {
      const s = invoking.configurationItemSummary;
      if (!isRecord(s)) throw new InputError(`${WHERE}: /invokingEvent/configurationItemSummary: missing or not an object`);
      const where = '/invokingEvent/configurationItemSummary';
      return {
        kind: 'oversized',
        summary: {
          resourceType: text(s, 'resourceType', where),
          resourceId: text(s, 'resourceId', where),
          status: optionalText(s, 'configurationItemStatus', where),
          capturedAt: timeOf(s.configurationItemCaptureTime, `${where}/configurationItemCaptureTime`),
        },
        common,
      };
    }
    case 'ScheduledNotification':
      return { kind: 'scheduled', notifiedAt: timeOf(invoking.notificationCreationTime, '/invokingEvent/notificationCreationTime'), common };
    default:
      throw new InputError(`${WHERE}: /invokingEvent/messageType: "${clip(type, 60)}" is not a message type this rule handles`);
  }
}
