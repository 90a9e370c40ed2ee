/** The version of a record a plan keeps and an apply compares: its updated_at in microseconds, exact. */
export const RECORD_VERSION_SQL = (alias: string) => `(extract(epoch from ${alias}.updated_at) * 1000000)::bigint::text`;
