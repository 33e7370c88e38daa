#!/usr/bin/env node
// Access engine bench: the full read and decrypt matrix (who can read / who can decrypt every data store) on a
// synthetic estate, on one core. Prints time and peak RSS; targets (issue 15): 60 s and 2 GiB for 5,000 users and
// roles with 10 policies each and 100,000 stores. Usage: node bench/access.mjs [--principals N] [--stores N]
// [--own-policy-every N] (every Nth store a bucket with a policy of its own, decided alone; default 50)
// (npm run bench:access builds dist/ first).
import { buildAccessIndex } from '../dist/access/build-index.js';
import { AccessEngine, whoCan } from '../dist/access/who-can.js';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const PRINCIPALS = arg('--principals', 5000);
const STORES = arg('--stores', 100000);
const OWN_POLICY_EVERY = arg('--own-policy-every', 50);
const A = '111111111111';
const R = 'eu-west-1';
const TEAMS = 200;
const KEYS = 200;

// A small deterministic generator: the same estate every run.
let seed = 42;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const doc = (...Statement) => ({ Version: '2012-10-17', Statement });
const keyArn = (k) => `arn:aws:kms:${R}:${A}:key/k-${k}`;

function policiesFor(i) {
  const team = i % TEAMS;
  const out = [];
  for (let p = 0; p < 10; p++) {
    const kind = rand(10);
    let st;
    if (kind < 4) st = { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::team-${team}-*/*` };
    else if (kind < 6) st = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn(team % KEYS) };
    else if (kind < 7) st = { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: `arn:aws:dynamodb:${R}:${A}:table/team-${team}-*` };
    else if (kind < 8) st = { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' };
    else if (kind < 9) st = { Effect: 'Allow', Action: ['ec2:Describe*', 'cloudwatch:Get*'], Resource: '*' };
    else st = { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/role-${(i + 1) % PRINCIPALS}` };
    out.push({ policyName: `p${p}`, policyDocument: doc(st) });
  }
  return out;
}

const resources = [];
const props = (extra) => ({ path: '/', createDate: '2026-01-01T00:00:00Z', attachedManagedPolicies: [], permissionsBoundaryArn: null, ...extra });
for (let i = 0; i < PRINCIPALS; i++) {
  if (i % 2 === 0) {
    const arn = `arn:aws:iam::${A}:user/user-${i}`;
    resources.push({ resourceType: 'AWS::IAM::User', resourceId: `U${i}`, arn, accountId: A, region: 'global', tags: {}, properties: props({ userName: `user-${i}`, inlinePolicies: policiesFor(i), groups: [], accessKeys: [], passwordEnabled: false }) });
  } else {
    const arn = `arn:aws:iam::${A}:role/role-${i}`;
    // Every role trusts the principal before it: chains of sts:AssumeRole across the estate.
    const prev = i - 1 >= 0 ? `arn:aws:iam::${A}:${(i - 1) % 2 === 0 ? 'user/user' : 'role/role'}-${i - 1}` : `arn:aws:iam::${A}:root`;
    const trust = doc({ Effect: 'Allow', Principal: { AWS: prev }, Action: 'sts:AssumeRole' });
    resources.push({ resourceType: 'AWS::IAM::Role', resourceId: `R${i}`, arn, accountId: A, region: 'global', tags: {}, properties: props({ roleName: `role-${i}`, assumeRolePolicyDocument: trust, inlinePolicies: policiesFor(i), lastUsedDate: null, serviceLinked: false }) });
  }
}
for (let k = 0; k < KEYS; k++) {
  const keyPolicy = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' });
  resources.push({ resourceType: 'AWS::KMS::Key', resourceId: `k-${k}`, arn: keyArn(k), accountId: A, region: R, tags: {}, properties: { keyId: `k-${k}`, keyManager: 'CUSTOMER', keyPolicy, aliases: [], grants: [] } });
}
for (let s = 0; s < STORES; s++) {
  const team = s % TEAMS;
  if (s % 5 === 4) {
    const arn = `arn:aws:dynamodb:${R}:${A}:table/team-${team}-t${s}`;
    resources.push({ resourceType: 'AWS::DynamoDB::Table', resourceId: arn, arn, accountId: A, region: R, tags: {}, properties: { tableName: `team-${team}-t${s}`, sse: { status: 'ENABLED', sseType: 'KMS', kmsMasterKeyArn: keyArn(team % KEYS) } } });
  } else {
    const name = `team-${team}-b${s}`;
    const policy = s % OWN_POLICY_EVERY === 0 ? doc({ Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` }) : null;
    resources.push({ resourceType: 'AWS::S3::Bucket', resourceId: name, arn: `arn:aws:s3:::${name}`, accountId: A, region: R, tags: {}, properties: { encryption: { rules: [{ algorithm: 'aws:kms', kmsKeyId: keyArn(team % KEYS) }] }, policy } });
  }
}

const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const index = buildAccessIndex(resources, { accounts: [A], errors: [] });
const engine = new AccessEngine(index);
let readPairs = 0;
let decryptPairs = 0;
let stores = 0;
for (const r of resources) {
  if (r.resourceType !== 'AWS::S3::Bucket' && r.resourceType !== 'AWS::DynamoDB::Table') continue;
  stores++;
  readPairs += whoCan(engine, r, { actionClass: 'read', depth: 3 }).grantees.length;
  decryptPairs += whoCan(engine, r, { actionClass: 'decrypt', depth: 3 }).grantees.length;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
// CPU time of this process: on a shared machine wall time also counts the waits for a core.
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(
  JSON.stringify({ principals: PRINCIPALS, stores, ownPolicyEvery: OWN_POLICY_EVERY, readPairs, decryptPairs, seconds: Number(seconds.toFixed(1)), cpuSeconds: Number(cpuSeconds.toFixed(1)), peakRssMiB: Math.round(peakMiB), targets: { seconds: 60, peakRssMiB: 2048 } }),
);
