import { describe, expect, it } from "vitest";
import { IMPORT_FIELDS, type ImportEntityName } from "../../../../src/import/fields/field-catalog.js";
import { normalizeHeader } from "../../../../src/import/map/normalize-header.js";

const ENTITIES = Object.keys(IMPORT_FIELDS) as ImportEntityName[];

describe("field catalog aliases", () => {
  it.each(ENTITIES)("%s: no alias names two fields", (entity) => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const field of IMPORT_FIELDS[entity]) {
      for (const alias of [field.name, ...field.aliases]) {
        const { compact } = normalizeHeader(alias);
        const seen = owner.get(compact);
        if (seen !== undefined && seen !== field.name) clashes.push(`${alias}: ${seen} and ${field.name}`);
        owner.set(compact, field.name);
      }
    }
    expect(clashes).toEqual([]);
  });

  it.each(ENTITIES)("%s: every alias survives normalizing", (entity) => {
    const empty = IMPORT_FIELDS[entity].flatMap((field) => field.aliases.filter((alias) => normalizeHeader(alias).compact === ""));
    expect(empty).toEqual([]);
  });
});
