import type { Role } from "./roles.js";

/** Who is calling: one key, one workspace, one role. */
export interface Principal {
  readonly keyId: string;
  readonly workspaceId: string;
  readonly role: Role;
}

const RANK: Record<Role, number> = { VIEWER: 0, IMPORTER: 1, ADMIN: 2 };

export const hasRole = (principal: Principal, needed: Role): boolean => RANK[principal.role] >= RANK[needed];
