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

/**
 * A statement with at least one element that could not be read: the elements
 * that could are kept (an unreadable `Effect` leaves `effect` undefined), and
 * `unreadable` names the others, so analyses can judge it as "possibly
 * anything" in those elements rather than dropping the whole document.
 */
export interface UnreadableStatement extends Omit<Statement, 'effect'> {
  readonly effect?: Effect;
  /** Element names (`Principal`, `Condition`, or an unknown element's own name) that could not be read. */
  readonly unreadable: readonly string[];
  readonly errors: readonly PolicyError[];
}

/** A normalized policy document. */
export interface Policy {
  readonly version?: string;
  readonly id?: string;
  /** Statements read in full. */
  readonly statements: readonly Statement[];
  /** Statements with an element that could not be read; see {@link UnreadableStatement}. */
  readonly unreadable?: readonly UnreadableStatement[];
  /** What was read leniently (an unusual Version, a statement dropped as invalid, a principal naming no one). */
  readonly notes?: readonly PolicyError[];
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

/** Problems found in one statement, and the elements they make unreadable. */
class StatementProblems extends Collector {
  readonly elements = new Set<string>();
  constructor(readonly index: number) {
    super();
  }
  bad(element: string, pointer: string, message: string): void {
    this.elements.add(element);
    this.add(pointer, message, this.index);
  }
}

function stringList(value: unknown, pointer: string, errs: StatementProblems, element: string): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    const out: string[] = [];
    value.forEach((v, i) => {
      if (typeof v === 'string') out.push(v);
      else errs.bad(element, `${pointer}/${i}`, `${element} entries must be strings`);
    });
    if (value.length === 0) errs.bad(element, pointer, `${element} must not be empty`);
    return out;
  }
  errs.bad(element, pointer, `${element} must be a string or an array of strings`);
  return undefined;
}

const ACCOUNT_ID = /^\d{12}$/;
const IAM_ARN = /^arn:[a-z-]+:(iam|sts)::(\d{12}|[*?\d]+):\S+$/;

/**
 * A bare string principal. AWS's grammar allows only `"*"`, but stored policies
 * hold others: an account id or a specific ARN names that principal, a wildcard
 * ARN (`arn:aws:iam::*:root`) reaches anyone, an identity-provider ARN is a
 * federated principal, and anything else names no one.
 */
function bareStringPrincipal(value: string, pointer: string, notes: Collector, si: number): PrincipalEntry[] {
  if (value === '*') return [{ type: '*', value: '*' }];
  if (ACCOUNT_ID.test(value)) return [{ type: 'AWS', value }];
  if (IAM_ARN.test(value)) {
    return [{ type: /:(saml|oidc)-provider\//.test(value) ? 'Federated' : 'AWS', value }];
  }
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(value)) return [{ type: 'Service', value }];
  notes.add(pointer, `principal "${value.slice(0, 64)}" is neither an account id nor an IAM ARN and names no one`, si);
  return [];
}

function parsePrincipal(
  value: unknown,
  element: 'Principal' | 'NotPrincipal',
  pointer: string,
  errs: StatementProblems,
  notes: Collector,
): PrincipalEntry[] | undefined {
  if (typeof value === 'string') return bareStringPrincipal(value, pointer, notes, errs.index);
  if (!isRecord(value)) {
    errs.bad(element, pointer, `${element} must be "*" or an object keyed by AWS, Service, Federated or CanonicalUser`);
    return undefined;
  }
  const out: PrincipalEntry[] = [];
  for (const [key, raw] of Object.entries(value)) {
    const type = PRINCIPAL_KEYS.find((k) => k === key);
    if (!type) {
      errs.bad(element, `${pointer}/${esc(key)}`, `unknown principal type "${key.slice(0, 64)}"`);
      continue;
    }
    const values = stringList(raw, `${pointer}/${esc(key)}`, errs, element);
    for (const v of values ?? []) out.push({ type, value: v });
  }
  if (Object.keys(value).length === 0) errs.bad(element, pointer, `${element} must not be empty`);
  return out;
}

function scalarToString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function parseCondition(value: unknown, pointer: string, errs: StatementProblems): ConditionClause[] {
  if (!isRecord(value)) {
    errs.bad('Condition', pointer, 'Condition must be an object of operator → key → value(s)');
    return [];
  }
  const out: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(value)) {
    const opPointer = `${pointer}/${esc(operator)}`;
    if (!parseOperatorName(operator)) {
      errs.bad('Condition', opPointer, `unknown condition operator "${operator.slice(0, 64)}" (operator names are case-sensitive)`);
      continue;
    }
    if (!isRecord(block)) {
      errs.bad('Condition', opPointer, 'condition operator must map keys to values');
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const keyPointer = `${opPointer}/${esc(key)}`;
      const list = Array.isArray(raw) ? raw : [raw];
      const values: string[] = [];
      let readable = true;
      list.forEach((v, i) => {
        const s = scalarToString(v);
        if (s !== undefined) values.push(s);
        else {
          readable = false;
          errs.bad('Condition', Array.isArray(raw) ? `${keyPointer}/${i}` : keyPointer, 'condition values must be strings, numbers or booleans');
        }
      });
      if (readable) out.push({ operator, key, values });
    }
  }
  return out;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One statement read: in full, unreadable in some elements, or dropped as invalid. */
type StatementOutcome =
  | { readonly kind: 'ok'; readonly statement: Statement }
  | { readonly kind: 'unreadable'; readonly statement: UnreadableStatement }
  | { readonly kind: 'invalid' };

function parseStatement(raw: unknown, index: number, pointer: string, notes: Collector): StatementOutcome {
  const errs = new StatementProblems(index);
  if (!isRecord(raw)) {
    errs.bad('Statement', pointer, 'statement must be an object');
    return { kind: 'unreadable', statement: { index, conditions: [], unreadable: ['Statement'], errors: errs.errors } };
  }
  if (!('Action' in raw) && !('NotAction' in raw)) {
    // AWS's grammar requires one of them: such a statement grants and denies nothing.
    notes.add(pointer, 'statement has neither Action nor NotAction and is ignored: it grants and denies nothing', index);
    return { kind: 'invalid' };
  }
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key)) errs.bad(key, `${pointer}/${esc(key)}`, `unknown statement element "${key.slice(0, 64)}"`);
  }
  const effect = raw['Effect'];
  const effectOk = effect === 'Allow' || effect === 'Deny';
  if (!effectOk) errs.bad('Effect', `${pointer}/Effect`, effect === undefined ? 'Effect is required' : 'Effect must be "Allow" or "Deny"');
  const sid = raw['Sid'];
  if (sid !== undefined && typeof sid !== 'string') notes.add(`${pointer}/Sid`, 'Sid is not a string and is ignored', index);

  for (const [a, b] of [['Action', 'NotAction'], ['Resource', 'NotResource'], ['Principal', 'NotPrincipal']] as const) {
    if (a in raw && b in raw) errs.bad(a, pointer, `${a} and ${b} cannot both be present`);
  }
  const list = (name: string): string[] | undefined =>
    name in raw ? stringList(raw[name], `${pointer}/${name}`, errs, name) : undefined;
  const action = list('Action');
  const notAction = list('NotAction');
  for (const [name, values] of [['Action', action], ['NotAction', notAction]] as const) {
    values?.forEach((a, i) => {
      if (a !== '*' && !/^[A-Za-z0-9_-]+:[^:]*$/.test(a)) {
        errs.bad(name, `${pointer}/${name}${Array.isArray(raw[name]) ? `/${i}` : ''}`, `action "${a.slice(0, 64)}" is not "service:action"`);
      }
    });
  }
  const principal = 'Principal' in raw ? parsePrincipal(raw['Principal'], 'Principal', `${pointer}/Principal`, errs, notes) : undefined;
  const notPrincipal =
    'NotPrincipal' in raw ? parsePrincipal(raw['NotPrincipal'], 'NotPrincipal', `${pointer}/NotPrincipal`, errs, notes) : undefined;
  const conditions = 'Condition' in raw ? parseCondition(raw['Condition'], `${pointer}/Condition`, errs) : [];
  const resource = list('Resource');
  const notResource = list('NotResource');

  const stmt: Mutable<Omit<Statement, 'effect'>> & { effect?: Effect } = { index, conditions };
  if (effectOk) stmt.effect = effect;
  if (typeof sid === 'string') stmt.sid = sid;
  if (principal) stmt.principal = principal;
  if (notPrincipal) stmt.notPrincipal = notPrincipal;
  if (action) stmt.action = action;
  if (notAction) stmt.notAction = notAction;
  if (resource) stmt.resource = resource;
  if (notResource) stmt.notResource = notResource;
  if (errs.elements.size > 0) {
    return { kind: 'unreadable', statement: { ...stmt, unreadable: [...errs.elements], errors: errs.errors } };
  }
  return { kind: 'ok', statement: { ...stmt, effect: effect as Effect } };
}

/** Policies stored inside JSON are sometimes a JSON string of the document; this many layers are unwrapped. */
const MAX_STRING_LAYERS = 3;

function decode(input: unknown): { readonly doc: unknown } | { readonly error: PolicyError } {
  let doc = input;
  for (let layer = 0; typeof doc === 'string' && layer < MAX_STRING_LAYERS; layer++) {
    if (doc.length > MAX_POLICY_CHARS) return { error: { pointer: '', message: `policy is larger than ${MAX_POLICY_CHARS} characters` } };
    try {
      doc = JSON.parse(doc);
    } catch (e) {
      // JSON.parse messages can echo input; keep them short.
      const msg = e instanceof Error ? e.message.slice(0, 200) : 'invalid JSON';
      return { error: { pointer: '', message: `invalid JSON: ${msg}` } };
    }
  }
  return { doc };
}

/**
 * Parses and normalizes a policy from a JSON string (or a JSON string of one)
 * or an already-parsed object, as AWS services store them. Never throws. Only
 * a document that is not a policy at all (not JSON, not an object, no
 * `Statement`) fails; a statement with an unreadable element is kept in
 * `policy.unreadable`, and lenient readings are listed in `policy.notes`.
 */
export function parsePolicy(input: unknown): ParseResult {
  const decoded = decode(input);
  if ('error' in decoded) return { ok: false, errors: [decoded.error] };
  const doc = decoded.doc;
  if (!isRecord(doc)) return { ok: false, errors: [{ pointer: '', message: 'policy must be a JSON object' }] };

  const notes = new Collector();
  const version = doc['Version'];
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') {
    // AWS then reads policy variables as literal text ("IAM JSON policy elements: Version").
    notes.add('/Version', 'Version is not "2012-10-17": policy variables are read as literal text');
  }
  const id = doc['Id'];
  if (id !== undefined && typeof id !== 'string') notes.add('/Id', 'Id is not a string and is ignored');
  const rawStatements = doc['Statement'];
  let entries: [raw: unknown, pointer: string][];
  if (Array.isArray(rawStatements)) entries = rawStatements.map((s, i) => [s, `/Statement/${i}`]);
  else if (isRecord(rawStatements)) entries = [[rawStatements, '/Statement']];
  else {
    const message = rawStatements === undefined ? 'Statement is required' : 'Statement must be an object or an array of objects';
    return { ok: false, errors: [{ pointer: '/Statement', message }] };
  }
  const statements: Statement[] = [];
  const unreadable: UnreadableStatement[] = [];
  entries.forEach(([raw, pointer], i) => {
    const out = parseStatement(raw, i, pointer, notes);
    if (out.kind === 'ok') statements.push(out.statement);
    else if (out.kind === 'unreadable') unreadable.push(out.statement);
  });
  const policy: Mutable<Policy> = { statements, unreadable, notes: notes.errors };
  if (typeof version === 'string') policy.version = version;
  if (typeof id === 'string') policy.id = id;
  return { ok: true, policy, errors: [] };
}

/** Every problem of the statements that could not be read, in document order. */
export function unreadableErrors(policy: Policy): PolicyError[] {
  return (policy.unreadable ?? []).flatMap((s) => s.errors);
}
