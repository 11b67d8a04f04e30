import { redactKeys } from '../keys/index.js';

/**
 * Output is data, never commands: a control character that came from input (a file name, an
 * author, a source-map path) must not move the cursor, recolour the terminal, ring the bell or
 * start a line that a CI runner reads as a workflow command. Controls are shown as `\xNN`.
 */

// C0 controls except \n, DEL, C1 controls.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;
// The same, but our own SGR colour codes (ESC [ digits m) are matched whole and kept.
const CONTROL_KEEP_SGR = /\u001b\[[0-9;]*m|[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;
// Every control character, line feed included: for one data field inside one line.
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/**
 * One data field (a path, an author, a warning) made into text that stays on its line, keys
 * masked. Masked before escaping: an escape written in front of a key (`\x1bcsk_…`) would turn
 * the control into a letter and hide the key from the matcher.
 */
export function oneLine(text: string): string {
  return redactKeys(text).replace(ANY_CONTROL, hex);
}

/** Whole output text: keys masked, controls escaped, line feeds kept (and SGR colour codes when `keepColor`). */
export function escapeOutput(text: string, keepColor = false): string {
  const masked = redactKeys(text);
  return keepColor ? masked.replace(CONTROL_KEEP_SGR, (m) => (m.length > 1 ? m : hex(m))) : masked.replace(CONTROL, hex);
}

/**
 * JSON text whose every control character is escaped: JSON.stringify escapes U+0000–U+001F but
 * leaves DEL and the C1 controls (U+007F–U+009F; U+009B is a terminal's CSI) raw. `\u00XX` keeps
 * the value the same for any JSON reader and keeps the bytes inert for a terminal.
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
