import { describe, expect, it } from "vitest";
import { DatabaseSourceError } from "../../../../src/errors/database-source.error.js";
import { parseDatabaseUrlOrThrow, redactedDatabaseUrl } from "../../../../src/import/database/database-url.js";

describe("parseDatabaseUrlOrThrow", () => {
  it.each([
    ["postgres://u:p@db.example.com/crm", { dialect: "postgres", host: "db.example.com", port: 5432, database: "crm", user: "u" }, "p"],
    ["postgresql://u@10.0.0.5:6543/crm", { dialect: "postgres", host: "10.0.0.5", port: 6543, database: "crm", user: "u" }, null],
    ["mysql://root@127.0.0.1/shop", { dialect: "mysql", host: "127.0.0.1", port: 3306, database: "shop", user: "root" }, null],
    ["mariadb://a%40b:p%2F%23w@[::1]:3307/shop", { dialect: "mysql", host: "::1", port: 3307, database: "shop", user: "a@b" }, "p/#w"],
  ])("%s", (url, target, password) => {
    expect(parseDatabaseUrlOrThrow(url)).toEqual({ target, password });
  });

  it.each([["not a url"], ["http://u@h/db"], ["postgres://u@h"], ["postgres://u@h/a/b"], ["postgres://h/db"], ["mysql://u:%E0%A4%A@h/db"]])(
    "refuses %s with DATABASE_URL_INVALID, never repeating it",
    (url) => {
      const error = (() => {
        try {
          parseDatabaseUrlOrThrow(url);
        } catch (e) {
          return e;
        }
        return null;
      })() as DatabaseSourceError;
      expect(error).toBeInstanceOf(DatabaseSourceError);
      expect(error.code).toBe("DATABASE_URL_INVALID");
      expect(error.message).not.toContain(url);
    },
  );
});

describe("redactedDatabaseUrl", () => {
  it.each([
    ["postgres://u:secret@db.example.com:5432/crm", "postgres://u@db.example.com:5432/crm"],
    ["mariadb://a%40b:secret@[::1]/shop", "mysql://a%40b@[::1]:3306/shop"],
  ])("%s shows as %s", (url, shown) => {
    const { target } = parseDatabaseUrlOrThrow(url);
    expect(redactedDatabaseUrl(target)).toBe(shown);
    expect(redactedDatabaseUrl(target)).not.toContain("secret");
  });
});
