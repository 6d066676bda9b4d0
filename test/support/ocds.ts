/**
 * OCDS 1.1.5 validation for tests: the core schemas from ../shared/ocds (relative to the repository root)
 * with the bids extension's release-schema patch merged into the release schema (JSON Merge Patch,
 * RFC 7386, as OCDS extensions are applied), compiled with ajv in draft-04 mode plus formats.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const CORE = 'https://standard.open-contracting.org/schema/1__1__5';

function repositoryRoot(dir = __dirname): string {
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) if (fs.existsSync(path.join(d, 'package.json'))) return d;
  throw new Error(`no package.json above ${dir}`);
}

export const OCDS_DIR = process.env.OCDS_SCHEMA_DIR ?? path.resolve(repositoryRoot(), '..', 'shared', 'ocds');

function readJson(...parts: string[]): Record<string, unknown> {
  const file = path.join(OCDS_DIR, ...parts);
  if (!fs.existsSync(file)) throw new Error(`OCDS schema missing: ${file} (set OCDS_SCHEMA_DIR)`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386: objects merge recursively, null removes a member, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

export interface OcdsValidator {
  releasePackage: ValidateFunction;
  recordPackage: ValidateFunction;
  release: ValidateFunction;
}

let cached: OcdsValidator | null = null;

export function ocdsValidator(): OcdsValidator {
  if (cached) return cached;
  const release = mergePatch(readJson('1.1.5', 'release-schema.json'), readJson('extensions', 'bids', 'release-schema.json')) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(release); // under its own id, which the package schemas reference
  // the record package may carry a versioned release; we publish none, and have no schema to check one: refuse it
  ajv.addSchema({ id: `${CORE}/versioned-release-validation-schema.json`, not: {} });
  cached = {
    release: ajv.getSchema(`${CORE}/release-schema.json`)!,
    releasePackage: ajv.compile(readJson('1.1.5', 'release-package-schema.json')),
    recordPackage: ajv.compile(readJson('1.1.5', 'record-package-schema.json')),
  };
  return cached;
}

/** Validation errors as short lines ([] when valid), for readable assertion failures. */
export function ocdsErrors(kind: keyof OcdsValidator, data: unknown): string[] {
  const validate = ocdsValidator()[kind];
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}
