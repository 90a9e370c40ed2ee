import { WEIGHTS } from "../../entities/duplicate-candidate.repository.js";

/** One piece of evidence that two customers are one person, with its weight in the score. */
export interface CandidateReason {
  code: "SAME_PHONE" | "SAME_EMAIL_LOCAL_PART" | "SAME_NAME" | "SIMILAR_NAME" | "SAME_COMPANY" | "SAME_CITY";
  weight: number;
}

/** The evidence of a scored pair, as the scoring SQL reports it. */
export interface PairEvidence {
  same_phone: boolean;
  email_local: number;
  name_match: number;
  same_company: boolean;
  same_city: boolean;
}

/** The reasons behind a pair's score, strongest kinds first. */
export const reasonsOf = (r: PairEvidence): CandidateReason[] => {
  const reasons: CandidateReason[] = [];
  if (r.same_phone) reasons.push({ code: "SAME_PHONE", weight: WEIGHTS.phone });
  if (r.email_local > 0) reasons.push({ code: "SAME_EMAIL_LOCAL_PART", weight: r.email_local });
  if (r.name_match >= WEIGHTS.name) reasons.push({ code: "SAME_NAME", weight: r.name_match });
  else if (r.name_match > 0) reasons.push({ code: "SIMILAR_NAME", weight: Math.round(r.name_match * 10_000) / 10_000 });
  if (r.same_company) reasons.push({ code: "SAME_COMPANY", weight: WEIGHTS.company });
  if (r.same_city) reasons.push({ code: "SAME_CITY", weight: WEIGHTS.city });
  return reasons;
};

/** The score from which a pair is listed as a candidate and an import row flagged as a possible duplicate. */
export const DEFAULT_MIN_SCORE = 0.6;
