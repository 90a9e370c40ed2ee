import { Migration20261121000000_initial } from "./Migration20261121000000_initial.js";

/** Every migration in order; new ones are appended here. */
export const MIGRATIONS = [{ name: "Migration20261121000000_initial", class: Migration20261121000000_initial }];
