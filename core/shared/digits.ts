// Digits as people type them in Saudi chats: ASCII, Arabic-Indic (٠-٩) and Persian/Urdu (۰-۹, what many
// Android keyboards emit). The one place that knows these ranges: the parser's folding table, phone
// numbers, the hours reader and the handlers all read digits through it.

const ARABIC_INDIC_ZERO = 0x0660;
const PERSIAN_ZERO = 0x06f0;

/** The ASCII code of a digit's UTF-16 unit ("٣" → "3"), or -1 when the unit is not a digit. */
export function asciiDigitCode(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code;
  if (code >= ARABIC_INDIC_ZERO && code <= ARABIC_INDIC_ZERO + 9) return 0x30 + (code - ARABIC_INDIC_ZERO);
  if (code >= PERSIAN_ZERO && code <= PERSIAN_ZERO + 9) return 0x30 + (code - PERSIAN_ZERO);
  return -1;
}

const EASTERN_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/g;

/** The text with every Arabic-Indic and Persian digit written as ASCII; everything else unchanged. */
export function toAsciiDigits(text: string): string {
  return text.replace(EASTERN_DIGIT, (d) => String.fromCharCode(asciiDigitCode(d.charCodeAt(0))));
}

/** Whether the text holds a digit in any of the three scripts. */
export function hasDigit(text: string): boolean {
  return /[0-9\u0660-\u0669\u06f0-\u06f9]/.test(text);
}
