import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultMapping } from "../../../../src/import/map/default-mapping.js";
import { inspectFile } from "../../../../src/import/read/inspect-file.js";
import { VENDOR_LAYOUTS } from "../../../helpers/vendor-layouts.js";

const VENDOR = fileURLToPath(new URL("../../../fixtures/vendor/", import.meta.url));

describe("defaultMapping of other systems' exports", () => {
  it.each(VENDOR_LAYOUTS)("%s (%s, %j)", async (name, encoding, delimiter, expected) => {
    const file = await inspectFile({ path: VENDOR + name, fileName: name }, null, {}, 50);
    expect({ format: file.format, encoding: file.encoding, delimiter: file.delimiter }).toEqual({ format: "CSV", encoding, delimiter });
    expect(file.headers).toEqual(Object.keys(expected));
    const mapped = new Map(
      defaultMapping(
        "CUSTOMER",
        file.headers,
        file.sample.map((record) => record.values),
      ).map((m) => [m.source, m.target]),
    );
    expect(Object.fromEntries(file.headers.map((header) => [header, mapped.get(header) ?? null]))).toEqual(expected);
  });
});
