import { parseOperatorName } from './conditions.js';

/** Whether a statement grants or refuses. */
export type Effect = 'Allow' | 'Deny';

/** The keys a `Principal` object may use; `*` stands for the bare `"Principal": "*"`. */
export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | '*';

/** One principal named by a statement. */
export interface PrincipalEntry {
  readonly type: PrincipalType;
  readonly value: string;
}

/** One `operator → key → values` test from a `Condition` block; values are always strings. */
export interface ConditionClause {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/** A statement with every element normalized to arrays; absent elements stay undefined. */
export interface Statement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly principal?: readonly PrincipalEntry[];
  readonly notPrincipal?: readonly PrincipalEntry[];
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly conditions: readonly ConditionClause[];
}

/** A normalized policy document. */
export interface Policy {
  readonly version?: string;
  readonly id?: string;
  readonly statements: readonly Statement[];
}

/** A problem in a policy document, reported as data with a JSON pointer to the place. */
export interface PolicyError {
  readonly statementIndex?: number;
  readonly pointer: string;
  readonly message: string;
}

/** Either a usable policy, or the reasons it is not one. */
export type ParseResult =
  | { readonly ok: true; readonly policy: Policy; readonly errors: readonly [] }
  | { readonly ok: false; readonly policy?: undefined; readonly errors: readonly PolicyError[] };

/** Larger than any policy AWS accepts (S3 bucket policies top out at 20 KB); stops pathological input early. */
export const MAX_POLICY_CHARS = 1_000_000;
/** Errors beyond this add nothing for a reader and cost memory on hostile input. */
const MAX_ERRORS = 100;

const PRINCIPAL_KEYS: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Escapes a key for a JSON pointer (RFC 6901). */
function esc(key: string): string {
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

class Collector {
  readonly errors: PolicyError[] = [];
  add(pointer: string, message: string, statementIndex?: number): void {
    if (this.errors.length >= MAX_ERRORS) return;
    this.errors.push(statementIndex === undefined ? { pointer, message } : { statementIndex, pointer, message });
  }
}

function stringList(
  value: unknown,
  pointer: string,
  errs: Collector,
  statementIndex: number,
  what: string,
): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    const out: string[] = [];
    value.forEach((v, i) => {
      if (typeof v === 'string') out.push(v);
      else errs.add(`${pointer}/${i}`, `${what} entries must be strings`, statementIndex);
    });
    if (value.length === 0) errs.add(pointer, `${what} must not be empty`, statementIndex);
    return out;
  }
  errs.add(pointer, `${what} must be a string or an array of strings`, statementIndex);
  return undefined;
}

function parsePrincipal(value: unknown, pointer: string, errs: Collector, si: number): PrincipalEntry[] | undefined {
  if (value === '*') return [{ type: '*', value: '*' }];
  if (!isRecord(value)) {
    errs.add(pointer, 'principal must be "*" or an object keyed by AWS, Service, Federated or CanonicalUser', si);
    return undefined;
  }
  const out: PrincipalEntry[] = [];
  for (const [key, raw] of Object.entries(value)) {
    const type = PRINCIPAL_KEYS.find((k) => k === key);
    if (!type) {
      errs.add(`${pointer}/${esc(key)}`, `unknown principal type "${key.slice(0, 64)}"`, si);
      continue;
    }
    const values = stringList(raw, `${pointer}/${esc(key)}`, errs, si, `principal ${key}`);
    for (const v of values ?? []) out.push({ type, value: v });
  }
  if (out.length === 0 && Object.keys(value).length === 0) errs.add(pointer, 'principal must not be empty', si);
  return out;
}

function scalarToString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function parseCondition(value: unknown, pointer: string, errs: Collector, si: number): ConditionClause[] {
  if (!isRecord(value)) {
    errs.add(pointer, 'Condition must be an object of operator → key → value(s)', si);
    return [];
  }
  const out: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(value)) {
    const opPointer = `${pointer}/${esc(operator)}`;
    if (!parseOperatorName(operator)) {
      errs.add(opPointer, `unknown condition operator "${operator.slice(0, 64)}"`, si);
      continue;
    }
    if (!isRecord(block)) {
      errs.add(opPointer, 'condition operator must map keys to values', si);
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const keyPointer = `${opPointer}/${esc(key)}`;
      const list = Array.isArray(raw) ? raw : [raw];
      const values: string[] = [];
      list.forEach((v, i) => {
        const s = scalarToString(v);
        if (s === undefined) {
          errs.add(Array.isArray(raw) ? `${keyPointer}/${i}` : keyPointer, 'condition values must be strings, numbers or booleans', si);
        } else values.push(s);
      });
      out.push({ operator, key, values });
    }
  }
  return out;
}

function parseStatement(raw: unknown, index: number, pointer: string, errs: Collector): Statement | undefined {
  if (!isRecord(raw)) {
    errs.add(pointer, 'statement must be an object', index);
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key)) errs.add(`${pointer}/${esc(key)}`, `unknown statement element "${key.slice(0, 64)}"`, index);
  }
  const effect = raw['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') {
    errs.add(`${pointer}/Effect`, effect === undefined ? 'Effect is required' : 'Effect must be "Allow" or "Deny"', index);
  }
  const sid = raw['Sid'];
  if (sid !== undefined && typeof sid !== 'string') errs.add(`${pointer}/Sid`, 'Sid must be a string', index);

  const pair = (a: string, b: string, required: boolean): void => {
    if (a in raw && b in raw) errs.add(pointer, `${a} and ${b} cannot both be present`, index);
    if (required && !(a in raw) && !(b in raw)) errs.add(pointer, `statement must have ${a} or ${b}`, index);
  };
  pair('Action', 'NotAction', true);
  pair('Resource', 'NotResource', true);
  pair('Principal', 'NotPrincipal', false);

  const list = (name: string, what: string): string[] | undefined =>
    name in raw ? stringList(raw[name], `${pointer}/${name}`, errs, index, what) : undefined;
  const action = list('Action', 'Action');
  const notAction = list('NotAction', 'NotAction');
  for (const [name, values] of [['Action', action], ['NotAction', notAction]] as const) {
    values?.forEach((a, i) => {
      if (a !== '*' && !/^[A-Za-z0-9_-]+:[^:]*$/.test(a)) {
        errs.add(`${pointer}/${name}${Array.isArray(raw[name]) ? `/${i}` : ''}`, `action "${a.slice(0, 64)}" is not "service:action"`, index);
      }
    });
  }
  const principal = 'Principal' in raw ? parsePrincipal(raw['Principal'], `${pointer}/Principal`, errs, index) : undefined;
  const notPrincipal =
    'NotPrincipal' in raw ? parsePrincipal(raw['NotPrincipal'], `${pointer}/NotPrincipal`, errs, index) : undefined;
  const conditions = 'Condition' in raw ? parseCondition(raw['Condition'], `${pointer}/Condition`, errs, index) : [];

  if (effect !== 'Allow' && effect !== 'Deny') return undefined;
  const stmt: {
    -readonly [K in keyof Statement]: Statement[K];
  } = { index, effect, conditions };
  if (typeof sid === 'string') stmt.sid = sid;
  if (principal) stmt.principal = principal;
  if (notPrincipal) stmt.notPrincipal = notPrincipal;
  if (action) stmt.action = action;
  if (notAction) stmt.notAction = notAction;
  const resource = list('Resource', 'Resource');
  const notResource = list('NotResource', 'NotResource');
  if (resource) stmt.resource = resource;
  if (notResource) stmt.notResource = notResource;
  return stmt;
}

/**
 * Parses and normalizes a policy from a JSON string or an already-parsed object.
 * Never throws: every problem comes back in `errors` with a JSON pointer.
 */
export function parsePolicy(input: unknown): ParseResult {
  const errs = new Collector();
  let doc: unknown = input;
  if (typeof input === 'string') {
    if (input.length > MAX_POLICY_CHARS) {
      return { ok: false, errors: [{ pointer: '', message: `policy is larger than ${MAX_POLICY_CHARS} characters` }] };
    }
    try {
      doc = JSON.parse(input);
    } catch (e) {
      // JSON.parse messages can echo input; keep them short.
      const msg = e instanceof Error ? e.message.slice(0, 200) : 'invalid JSON';
      return { ok: false, errors: [{ pointer: '', message: `invalid JSON: ${msg}` }] };
    }
  }
  if (!isRecord(doc)) return { ok: false, errors: [{ pointer: '', message: 'policy must be a JSON object' }] };

  const version = doc['Version'];
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') {
    errs.add('/Version', 'Version must be "2012-10-17" or "2008-10-17"');
  }
  const id = doc['Id'];
  if (id !== undefined && typeof id !== 'string') errs.add('/Id', 'Id must be a string');
  const rawStatements = doc['Statement'];
  const statements: Statement[] = [];
  if (rawStatements === undefined) {
    errs.add('/Statement', 'Statement is required');
  } else if (Array.isArray(rawStatements)) {
    rawStatements.forEach((s, i) => {
      const st = parseStatement(s, i, `/Statement/${i}`, errs);
      if (st) statements.push(st);
    });
  } else if (isRecord(rawStatements)) {
    const st = parseStatement(rawStatements, 0, '/Statement', errs);
    if (st) statements.push(st);
  } else {
    errs.add('/Statement', 'Statement must be an object or an array of objects');
  }
  if (errs.errors.length > 0) return { ok: false, errors: errs.errors };
  const policy: { -readonly [K in keyof Policy]: Policy[K] } = { statements };
  if (typeof version === 'string') policy.version = version;
  if (typeof id === 'string') policy.id = id;
  return { ok: true, policy, errors: [] };
}
