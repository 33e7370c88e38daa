import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { SCHEMAS_DIR } from '../paths.js';
import { schemaValidator } from '../util/ajv.js';

/** A JSON Schema node, as much of it as path checking reads. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  enum?: unknown[];
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
  description?: string;
  title?: string;
}

/** The property schemas of every modelled resource type, loaded and compiled once. */
export interface ResourceSchemas {
  types: readonly string[];
  schema(type: string): SchemaNode | undefined;
  /** Validates a resource's `properties`; returns the ajv errors or null. */
  validate(type: string, properties: unknown): ValidateFunction['errors'] | null;
}

const RESOURCE_SCHEMA_DIR = join(SCHEMAS_DIR, 'resources');

let loaded: ResourceSchemas | undefined;

/** Loads `schemas/resources/*.schema.json`. Cached: the schemas are package data, not input. */
export function resourceSchemas(): ResourceSchemas {
  if (loaded) return loaded;
  const byType = new Map<string, { node: SchemaNode; text: string; validate?: ValidateFunction }>();
  for (const file of readdirSync(RESOURCE_SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')).sort()) {
    const text = readFileSync(join(RESOURCE_SCHEMA_DIR, file), 'utf8');
    const node = JSON.parse(text) as SchemaNode & { title: string };
    byType.set(node.title, { node, text });
  }
  loaded = {
    types: [...byType.keys()],
    schema: (type) => byType.get(type)?.node,
    validate(type, properties) {
      const entry = byType.get(type);
      if (!entry) return null;
      entry.validate ??= schemaValidator(entry.text);
      return entry.validate(properties) ? null : entry.validate.errors;
    },
  };
  return loaded;
}

/** Resolves a local `$ref` (`#/$defs/x`) against the root schema of a type. */
export function derefSchema(root: SchemaNode, node: SchemaNode): SchemaNode {
  if (!node.$ref) return node;
  const parts = node.$ref.replace(/^#\//, '').split('/');
  let target: unknown = root;
  for (const part of parts) target = (target as Record<string, unknown> | undefined)?.[part];
  return (target as SchemaNode | undefined) ?? {};
}
