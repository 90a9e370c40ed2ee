import type { NextFunction, Request, Response } from "express";
import { bearerToken, refusalMessage, type Authenticator } from "../services/api-key.service.js";
import type { Principal } from "../auth/principal.js";
import { sendError } from "./send-error.js";

export interface AuthedRequest extends Request {
  principal?: Principal;
}

/**
 * Runs before the body is read (uploads included), so an unauthenticated caller never puts a
 * byte on our disk.
 */
export const requireApiKey =
  (authenticate: Authenticator) =>
  async (req: AuthedRequest, res: Response, next: NextFunction): Promise<void> => {
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      sendError(res, "UNAUTHENTICATED", "A valid API key is required: send Authorization: Bearer <key>.");
      return;
    }
    try {
      const result = await authenticate.check(token);
      if ("refused" in result) {
        sendError(res, "UNAUTHENTICATED", refusalMessage(result.refused));
        return;
      }
      req.principal = result.principal;
      next();
    } catch (error) {
      next(error);
    }
  };
