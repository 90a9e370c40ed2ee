import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRunAt, latestRunAt } from "../../../src/input/check-run-at.js";

const DAY = 86_400_000;
const instant = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true });

describe("checkRunAt (properties)", () => {
  it("a year ahead is 365 or 366 days, never less", () => {
    fc.assert(
      fc.property(instant, (now) => {
        const days = (latestRunAt(now).getTime() - now.getTime()) / DAY;
        expect(days === 365 || days === 366).toBe(true);
      }),
    );
  });

  it("refuses exactly the times past a year ahead, and keeps every other one as given", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -400 * DAY, max: 800 * DAY }), (now, offset) => {
        const runAt = new Date(now.getTime() + offset);
        const checked = checkRunAt(runAt, now, ["runAt"]);
        if (runAt.getTime() > latestRunAt(now).getTime()) {
          expect(checked.runAt).toBeNull();
          expect(checked.errors.map((e) => e.code)).toEqual(["INVALID_OPTION"]);
        } else {
          expect(checked).toEqual({ runAt, errors: [] });
        }
      }),
    );
  });
});
