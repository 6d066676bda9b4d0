/** Writes api/schema.graphql (the committed snapshot a test compares with). */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { createPubSub } from '@graphql-yoga/subscription';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { projectRoot } from '../config';
import { createSchema } from './schema';

export const SCHEMA_FILE = path.join(projectRoot, 'api', 'schema.graphql');

export async function printedSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema(createPubSub())))}\n`;
}

if (require.main === module) {
  printedSchema().then((text) => {
    fs.writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${SCHEMA_FILE}`);
  });
}
