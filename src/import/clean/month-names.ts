const MONTHS: readonly (readonly string[])[] = [
  ["jan", "january", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "janeiro", "januari"],
  ["feb", "february", "februar", "février", "fevrier", "févr", "fevr", "fév", "fev", "febrero", "febbraio", "fevereiro", "februari"],
  ["mar", "march", "märz", "maerz", "mär", "mrz", "mars", "marzo", "março", "marco", "maart", "mrt"],
  ["apr", "april", "avril", "avr", "abril", "abr", "aprile"],
  ["may", "mai", "mayo", "maggio", "mag", "maio", "mei"],
  ["jun", "june", "juni", "juin", "junio", "giugno", "giu", "junho"],
  ["jul", "july", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho"],
  ["aug", "august", "août", "aout", "agosto", "ago", "augustus"],
  ["sep", "sept", "september", "septembre", "septiembre", "setiembre", "settembre", "set", "setembro"],
  ["oct", "october", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out"],
  ["nov", "november", "novembre", "noviembre", "novembro"],
  ["dec", "december", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre", "dezembro"],
];

/** Lower-case month names and abbreviations (en, de, fr, es, it, pt, nl) to 1-12. */
export const MONTH_NAMES: ReadonlyMap<string, number> = new Map(
  MONTHS.flatMap((names, index) => names.map((name) => [name, index + 1] as const)),
);

/** Weekday names that may precede a date ("Tue, 05 Mar 2024"); they are ignored. */
export const WEEKDAY_NAMES: ReadonlySet<string> = new Set([
  "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday",
  "fri", "friday", "sat", "saturday", "sun", "sunday",
  "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
  "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
  "lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo",
]);

/** Filler words in long dates: "5 de marzo de 2024", "the 5th of March". */
export const DATE_FILLER_WORDS: ReadonlySet<string> = new Set(["de", "del", "of", "the", "le", "den", "el"]);
