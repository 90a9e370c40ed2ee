const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;
const FULL_WIDTH_ALL = /[\uFF01-\uFF5E\u3000]/g;
const FULL_TO_HALF_OFFSET = 0xfee0;

const toHalf = (c: string): string => (c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - FULL_TO_HALF_OFFSET));

// Chinese and Japanese input methods type digits, @ and punctuation as full-width forms
// ("１３８", "＠", "："); structured values (dates, numbers, emails, codes) are read as ASCII.
export const toHalfWidth = (text: string): string => (FULL_WIDTH.test(text) ? text.replace(FULL_WIDTH_ALL, toHalf) : text);
