const MONTHS: readonly (readonly string[])[] = [
  ["jan", "january", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "janeiro", "januari",
    "styczeń", "stycznia", "sty", "январь", "января", "янв"],
  ["feb", "february", "februar", "février", "fevrier", "févr", "fevr", "fév", "fev", "febrero", "febbraio", "fevereiro", "februari",
    "luty", "lutego", "lut", "февраль", "февраля", "фев", "февр"],
  ["mar", "march", "märz", "maerz", "mär", "mrz", "mars", "marzo", "março", "marco", "maart", "mrt",
    "marts", "marzec", "marca", "март", "марта", "мар"],
  ["apr", "april", "avril", "avr", "abril", "abr", "aprile",
    "kwiecień", "kwietnia", "kwi", "апрель", "апреля", "апр"],
  ["may", "mai", "mayo", "maggio", "mag", "maio", "mei",
    "maj", "maja", "май", "мая"],
  ["jun", "june", "juni", "juin", "junio", "giugno", "giu", "junho",
    "czerwiec", "czerwca", "cze", "июнь", "июня", "июн"],
  ["jul", "july", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho",
    "lipiec", "lipca", "lip", "июль", "июля", "июл"],
  ["aug", "august", "août", "aout", "agosto", "ago", "augustus",
    "augusti", "sierpień", "sierpnia", "sie", "август", "августа", "авг"],
  ["sep", "sept", "september", "septembre", "septiembre", "setiembre", "settembre", "set", "setembro",
    "wrzesień", "września", "wrz", "сентябрь", "сентября", "сен", "сент"],
  ["oct", "october", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out",
    "październik", "października", "paź", "октябрь", "октября", "окт"],
  ["nov", "november", "novembre", "noviembre", "novembro",
    "listopad", "listopada", "lis", "ноябрь", "ноября", "ноя", "нояб"],
  ["dec", "december", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre", "dezembro",
    "desember", "des", "grudzień", "grudnia", "gru", "декабрь", "декабря", "дек"],
];

/** Lower-case month names and abbreviations (en, de, fr, es, it, pt, nl, sv, da, no, pl, ru) to 1-12. */
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
  "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica",
  "segunda", "terça", "quarta", "quinta", "sexta", "feira",
  "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
  "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
  "mandag", "tirsdag", "lørdag", "søndag",
  "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela",
  "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
]);

/** Filler words in long dates: "5 de marzo de 2024", "the 5th of March", "5 марта 2024 г.", "5 marca 2024 r.". */
export const DATE_FILLER_WORDS: ReadonlySet<string> = new Set(["de", "del", "of", "the", "le", "den", "el", "г", "r"]);
