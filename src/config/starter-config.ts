/**
 * What `sealcheck init` writes: every key, commented, with safe defaults
 * active. A test parses it with the real loader, so it cannot drift from the schema.
 */
export const STARTER_CONFIG = `# sealcheck configuration. Schema: schemas/config.schema.json
# Command-line options override these values; relative paths are relative to this file.
version: 1

# --- What to scan -----------------------------------------------------------
# AWS profile for the starting credentials (omit to use the default chain).
# profile: audit

# Accounts to scan, assuming "role" in each. Quote account ids: YAML would read
# them as numbers. Leave out (with no "organization") to scan the caller's account.
# accounts:
#   - "111122223333"

# Or every active account below these Organizations roots or OUs (needs "role";
# the caller needs organizations:ListAccountsForParent and
# organizations:ListOrganizationalUnitsForParent).
# organization:
#   organizationalUnits: [ou-ab12-cd34ef56]
#   excludeAccounts: ["000011112222"]

# A read-only audit role present in each account.
# role:
#   name: SealcheckReadOnly
#   externalId: change-me

# Region codes, or "all" for every region enabled in the account.
regions: all

# Services to collect (default: all of them).
# services: [s3, kms, rds, dynamodb, ec2, sqs, sns, lambda]

# Where the inventory comes from: live (the AWS APIs), config-aggregator (an
# AWS Config aggregator) or snapshot (a saved file).
source:
  type: live
  # type: config-aggregator
  # aggregator: org-aggregator
  # aggregatorRegion: us-east-1
  # type: snapshot
  # snapshot: snapshots/prod.json.gz

# --- Which rules ------------------------------------------------------------
rules:
  # include: { services: [s3, kms], categories: [encryption-at-rest], frameworks: [cis, "security-hub:S3.5"] }
  # exclude: { ids: ["s3-bucket-versioning*"] }
  minSeverity: low
  # severityOverrides:
  #   kms-key-rotation-enabled:
  #     severity: low
  #     reason: Keys hold imported material and are rotated by hand

# --- Reports ----------------------------------------------------------------
output:
  # {date} = YYYY-MM-DD, {time} = HHmmss, {datetime} = both (UTC)
  dir: reports/{date}
  formats: [json, sarif, html, junit, console]

# --- When the run fails (exit 1) ----------------------------------------------
gate:
  failOn: high          # critical | high | medium | low | info | none
  failOnUnknown: false  # also fail when data needed by a rule could not be collected
  strict: false         # exit 3 when collection errors were recorded
  # baseline: baselines/accepted.json          # from: sealcheck baseline create
  # suppressions: .sealcheck-suppressions.yaml
`;
