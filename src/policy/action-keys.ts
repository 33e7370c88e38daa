import { ACTION_CONDITION_KEYS } from './action-condition-keys.js';
import { evaluateClause, prepareContext } from './conditions.js';
import { matchesAnyAction } from './evaluate.js';
import type { ConditionClause, Statement } from './parse.js';
import { own } from '../util/own.js';

/**
 * Which condition keys an action carries in its request context, from the
 * Service Authorization Reference (generated table), and what that means for
 * a statement: a clause that is false when its key is absent ("IAM JSON policy
 * elements: Condition operators": positive operators are false on a missing
 * key; negated ones, `…IfExists` and `Null: true` are not) can never hold for
 * an action that does not carry the key.
 */

interface ServiceKeys {
  readonly exact: ReadonlySet<string>;
  /** Templated keys (`s3:requestobjecttag/<key>`) by the text before the template. */
  readonly prefixes: readonly string[];
}

function templatePrefix(key: string): string | undefined {
  const at = [key.indexOf('<'), key.indexOf('${')].filter((i) => i >= 0);
  return at.length === 0 ? undefined : key.slice(0, Math.min(...at));
}

function keysOf(list: readonly string[]): ServiceKeys {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const k of list) {
    const p = templatePrefix(k);
    if (p === undefined) exact.add(k);
    else prefixes.push(p);
  }
  return { exact, prefixes };
}

function has(keys: ServiceKeys, key: string): boolean {
  return keys.exact.has(key) || keys.prefixes.some((p) => key.startsWith(p));
}

/** Per service, every key the reference attaches to at least one of its actions: a constant derived from the table. */
const ASSOCIATED: ReadonlyMap<string, ServiceKeys> = new Map(
  Object.entries(ACTION_CONDITION_KEYS).map(([service, actions]) => [service, keysOf(Object.values(actions).flat())]),
);

/**
 * Whether `service:action` carries `key`: undefined when the table cannot
 * tell (unknown service or action, a global `aws:` key, or a key the reference
 * attaches to no action of the service, such as `s3:DataAccessPointArn`, so
 * that an incomplete reference never turns into "cannot match").
 */
export function carriesKey(service: string, action: string, key: string): boolean | undefined {
  const k = key.toLowerCase();
  if (k.startsWith('aws:')) return undefined;
  const s = service.toLowerCase();
  const associated = ASSOCIATED.get(s);
  const service_ = own(ACTION_CONDITION_KEYS, s);
  const actionKeys = service_ && own(service_, action.toLowerCase());
  if (!associated || !actionKeys || !has(associated, k)) return undefined;
  return has(keysOf(actionKeys), k);
}

const EMPTY = prepareContext({});

/** Clauses that are false whenever their key is absent from the request. */
function needsKey(clauses: readonly ConditionClause[], judgedByValue: ReadonlySet<string>): ConditionClause[] {
  return clauses.filter((c) => {
    const k = c.key.toLowerCase();
    return !k.startsWith('aws:') && !judgedByValue.has(k) && !evaluateClause(c, EMPTY);
  });
}

/** The actions of the table a statement's Action list grants, or undefined when it may grant others. */
function grantedActions(st: Statement): { readonly service: string; readonly action: string }[] | undefined {
  if (!st.action) return undefined;
  const out: { service: string; action: string }[] = [];
  for (const pattern of st.action) {
    const colon = pattern.indexOf(':');
    const service = colon < 0 ? '' : pattern.slice(0, colon).toLowerCase();
    const actions = own(ACTION_CONDITION_KEYS, service);
    if (!actions || /[*?]/.test(service)) return undefined;
    const found = Object.keys(actions).filter((a) => matchesAnyAction([pattern], `${service}:${a}`));
    // A name the reference does not list may be newer than the table: it could carry anything.
    if (found.length === 0) return undefined;
    for (const action of found) out.push({ service, action });
  }
  return out;
}

/**
 * Why an Allow can match no request, or undefined when it may match some: every
 * action it grants lacks a key that one of its clauses requires. Keys in
 * `judgedByValue` are left out: S3's definition of public says how they count,
 * and the reference omits some requests that carry them (it lists
 * `s3:DataAccessPointArn` for access-point management only, though every
 * request made through an access point carries it).
 */
export function cannotMatchReason(st: Statement, judgedByValue: ReadonlySet<string>): string | undefined {
  const required = needsKey(st.conditions, judgedByValue);
  if (required.length === 0) return undefined;
  const granted = grantedActions(st);
  if (!granted || granted.length === 0) return undefined;
  const blocking = new Set<string>();
  for (const { service, action } of granted) {
    const missing = required.find((c) => carriesKey(service, action, c.key) === false);
    if (!missing) return undefined;
    blocking.add(missing.key);
  }
  return `the actions granted never carry ${[...blocking].join(', ')} in their request context, so the condition cannot hold`;
}
