import { ConfigError, clip } from '../errors.js';
import { isRecord } from '../inventory/config-map/cursor.js';

/** What an UNKNOWN or ERROR result is reported as. AWS Config takes no INSUFFICIENT_DATA from a custom rule. */
export type UnknownAs = 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/** The Config rule's `InputParameters`, read. */
export interface RuleParameters {
  /** sealcheck rule ids to run; undefined runs every rule for the resource's type. */
  rules?: string[];
  /** Resource types a periodic evaluation reads; undefined means the types of the rules that run. */
  resourceTypes?: string[];
  unknownAs: UnknownAs;
}

const UNKNOWN_AS: readonly UnknownAs[] = ['NON_COMPLIANT', 'NOT_APPLICABLE'];

/** The parameters and what each is; any other key is an error, so a misspelt one is not silently ignored. */
const KNOWN = ['rules', 'resourceTypes', 'unknownAs'] as const;

const WHERE = 'Config rule parameters';

/** A list given as a JSON array of strings or, as the Config console writes values, as text split on commas or spaces. */
function list(value: unknown, key: string): string[] {
  const items = typeof value === 'string' ? value.split(/[\s,]+/) : Array.isArray(value) ? value : undefined;
  if (!items || !items.every((x): x is string => typeof x === 'string')) throw new ConfigError(`${WHERE}: /${key}: expected a list of names (text or an array of strings)`);
  const names = items.filter((x) => x !== '');
  if (names.length === 0) throw new ConfigError(`${WHERE}: /${key}: empty list`);
  return names;
}

/** Reads `ruleParameters` (JSON text of an object); bad JSON, an unknown key or a bad value is a ConfigError naming it. */
export function readRuleParameters(text: string | undefined): RuleParameters {
  const out: RuleParameters = { unknownAs: 'NON_COMPLIANT' };
  if (text === undefined || text.trim() === '') return out;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new ConfigError(`${WHERE}: not valid JSON`);
  }
  if (!isRecord(doc)) throw new ConfigError(`${WHERE}: expected a JSON object`);
  for (const key of Object.keys(doc)) {
    if (!(KNOWN as readonly string[]).includes(key)) throw new ConfigError(`${WHERE}: /${clip(key, 60)}: unknown parameter (known: ${KNOWN.join(', ')})`);
  }
  if (doc.rules !== undefined) out.rules = list(doc.rules, 'rules');
  if (doc.resourceTypes !== undefined) out.resourceTypes = list(doc.resourceTypes, 'resourceTypes');
  if (doc.unknownAs !== undefined) {
    const v = doc.unknownAs;
    if (typeof v !== 'string' || !(UNKNOWN_AS as readonly string[]).includes(v)) {
      throw new ConfigError(`${WHERE}: /unknownAs: expected ${UNKNOWN_AS.join(' or ')}`);
    }
    out.unknownAs = v as UnknownAs;
  }
  return out;
}
