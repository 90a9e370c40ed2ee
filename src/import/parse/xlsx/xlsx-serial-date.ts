const MS_PER_DAY = 86_400_000;
/** Day 0 of serials from 61 (1 March 1900) on; earlier serials are one day later (see below). */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 9999-12-31, the last day Excel shows, in each system. */
const MAX_SERIAL_1900 = 2_958_466;
const MAX_SERIAL_1904 = MAX_SERIAL_1900 - 1462;

/**
 * A date serial as a UTC Date, or null when no date has that serial.
 * The 1900 system counts 29 February 1900, a day that never was (Lotus 1-2-3 compatibility):
 * serials below 61 are shifted by a day, and serial 60 itself reads as 1 March 1900.
 */
export function excelSerialToDate(serial: number, date1904: boolean): Date | null {
  if (!Number.isFinite(serial) || serial < 0) return null;
  if (date1904) {
    if (serial >= MAX_SERIAL_1904) return null;
    return new Date(EPOCH_1904 + Math.round(serial * MS_PER_DAY));
  }
  if (serial >= MAX_SERIAL_1900) return null;
  const days = serial < 61 ? serial + 1 : serial;
  return new Date(EPOCH_1900 + Math.round(days * MS_PER_DAY));
}

/** The 1900-system serial of a date, or null before 1 January 1900 or after 9999. */
export function dateToExcelSerial(date: Date): number | null {
  const time = date.getTime();
  if (!Number.isFinite(time)) return null;
  const days = (time - EPOCH_1900) / MS_PER_DAY;
  const serial = days < 61 ? days - 1 : days;
  return serial < 1 || serial >= MAX_SERIAL_1900 ? null : serial;
}
